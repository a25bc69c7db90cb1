// Package store keeps Rota's state in SQLite (the embedded default) or
// PostgreSQL (production) through gorm. It is the only package that imports
// gorm: it owns the row types, the queries, the migrations runner and the
// translation of database errors into rota errors.
package store
