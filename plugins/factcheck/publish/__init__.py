"""Pages and data out: annotations, fact pages, the index, structured data, exports, search and assets,
rendered from templates in the site's language. Free of MkDocs imports."""
