// Package storetest gives tests real databases: a fresh SQLite file per test
// and a fresh database per test on a throwaway PostgreSQL server that it
// starts from the machine's binaries (or on the server named by
// ROTA_TEST_DATABASE_URL). Storage tests run on both through Each.
package storetest
