"""Records in: the fact record schema, strict YAML reading, validation rules and the record history."""
