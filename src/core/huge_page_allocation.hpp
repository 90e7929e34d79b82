#pragma once
// Large zero-filled arrays on transparent huge pages (2 MiB), for the memory that network
// construction writes at random and delivery reads at random: the static synapse table (2.4 GB in
// the full microcircuit) and the ring buffer. With 4 KiB pages the fill pass took one page fault
// per 4 KiB (640k faults, ~9% of the build's samples in the kernel on this virtual machine) and a
// TLB miss on nearly every write; a 2 MiB page needs 512x fewer of both.
//
// Linux: an anonymous mmap aligned to 2 MiB and madvise(MADV_HUGEPAGE), which works under the
// kernel's "madvise" THP setting (the common default) as well as "always". The kernel's pages
// come zeroed and are only touched by the first write, so the arrays cost no fill pass and their
// resident size grows only as they are written. If madvise fails (THP disabled, old kernel) the
// memory is ordinary pages with the same contents: never an error. Elsewhere, and below 4 MiB,
// plain calloc.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>

namespace lamina::core {

void* allocate_huge_page_bytes(std::size_t bytes);
void release_huge_page_bytes(void* p, std::size_t bytes) noexcept;

/// Releases what allocate_huge_pages gave (it needs the size, as munmap does).
struct huge_page_release {
    std::size_t bytes = 0;
    void operator()(void* p) const noexcept { release_huge_page_bytes(p, bytes); }
};

template <class T>
using huge_page_ptr = std::unique_ptr<T[], huge_page_release>;

/// n zero-filled values of an implicit-lifetime type T (numbers, plain structs of numbers).
template <class T>
huge_page_ptr<T> allocate_huge_pages(std::size_t n) {
    // The allocator rounds up to whole huge pages plus one: a size near SIZE_MAX would wrap.
    if (n > (SIZE_MAX - (std::size_t{8} << 20)) / sizeof(T)) throw std::bad_alloc();
    const std::size_t bytes = n * sizeof(T);
    return huge_page_ptr<T>(static_cast<T*>(allocate_huge_page_bytes(bytes)), huge_page_release{bytes});
}

}  // namespace lamina::core
