// Package bench measures the provider under the real terraform CLI against the HappyFox simulator: API calls per
// operation, throughput at the rate limit, the provider's overhead against terraform_data, and the cost of
// refreshing large states. `make bench` (HAPPYFOX_BENCH=1) runs TestBench, which prints the numbers and writes
// BENCHMARKS.md. With TF_ACC=1 the package also runs an end-to-end test of the read path (part of `make test`).
// Everything lives in _test.go files: nothing here is part of the provider.
package bench
