// Commits one error on purpose, named by its argument, so that the sanitized build
// proves it stops on each kind it is there to catch. A sanitized test suite that
// passes means nothing unless this fails, loudly, in each of these ways.

#include <climits>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

void* volatile kept = nullptr;

// The size comes from the command line, so that the overflow is AddressSanitizer's
// to find (UBSan's object-size check sees only sizes known when compiling).
int heap_buffer_overflow(int offset) {
  const auto size = static_cast<std::size_t>(8 + offset);
  char* bytes = new char[size]();
  const volatile char* read = bytes;
  const int value = read[size];
  delete[] bytes;
  return value;
}

int signed_integer_overflow(int addend) {
  volatile int largest = INT_MAX;
  const int sum = largest + addend;
  std::puts("went on after the overflow");
  return sum;
}

int leak() {
  kept = std::malloc(64);
  kept = nullptr;
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  const std::string error = argc > 1 ? argv[1] : "";
  // argc - 2 is 0 when an error is named: an offset the compiler cannot see.
  if (error == "heap-buffer-overflow")
    return heap_buffer_overflow(argc - 2);
  if (error == "signed-integer-overflow")
    return signed_integer_overflow(argc - 1);
  if (error == "leak")
    return leak();
  std::fprintf(stderr, "usage: sanitizer_canary heap-buffer-overflow|signed-integer-overflow|leak\n");
  return 2;
}
