#include "core/huge_page_allocation.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace lamina::core {
namespace {

constexpr std::size_t huge_page = std::size_t{2} << 20;
// Smaller arrays gain little (a couple of huge pages at most) and would each cost an mmap.
constexpr std::size_t smallest_huge_allocation = std::size_t{4} << 20;

std::size_t round_up(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

void* allocate_ordinary(std::size_t bytes) {
    void* p = std::calloc(bytes, 1);
    if (!p) throw std::bad_alloc();
    return p;
}

}  // namespace

void* allocate_huge_page_bytes(std::size_t bytes) {
    if (bytes == 0) return nullptr;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (bytes < smallest_huge_allocation) return allocate_ordinary(bytes);
    // The whole last huge page is mapped too, so the array's end is a huge page as well.
    const std::size_t span = round_up(bytes, huge_page);
    void* raw = mmap(nullptr, span + huge_page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    // Keep the 2 MiB-aligned span, give the rest back.
    const auto begin = reinterpret_cast<std::uintptr_t>(raw);
    const std::uintptr_t aligned = round_up(begin, huge_page);
    if (aligned > begin) munmap(raw, aligned - begin);
    if (const std::size_t after = huge_page - (aligned - begin); after > 0)
        munmap(reinterpret_cast<void*>(aligned + span), after);
    madvise(reinterpret_cast<void*>(aligned), span, MADV_HUGEPAGE);  // a failure leaves ordinary pages
    // mmap, unlike calloc, does not begin the lifetime of the numbers the caller reads there; a
    // byte array created in place does (C++20 [intro.object]: implicit-lifetime types), and writes nothing.
    return ::new (reinterpret_cast<void*>(aligned)) std::byte[bytes];
#else
    return allocate_ordinary(bytes);
#endif
}

void release_huge_page_bytes(void* p, std::size_t bytes) noexcept {
    if (!p) return;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (bytes >= smallest_huge_allocation) {
        munmap(p, round_up(bytes, huge_page));
        return;
    }
#endif
    std::free(p);
}

}  // namespace lamina::core
