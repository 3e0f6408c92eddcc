"""Database access: engine factory, schema, migrations and bulk writes."""
