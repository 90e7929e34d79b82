// Huge-page arrays (src/core/huge_page_allocation.hpp): what every caller relies on, whether or
// not the system grants huge pages: the memory is zero-filled (the ring buffer starts empty
// from it), every element of the requested size is usable, and the large path is 2 MiB-aligned
// on Linux (where madvise can make it huge pages). Whether the kernel backs it with huge pages
// depends on its THP setting and is not asserted.
#include "core/huge_page_allocation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <utility>

namespace {

using lamina::core::allocate_huge_pages;

template <class T>
void expect_zero_and_writable(std::size_t n) {
    auto a = allocate_huge_pages<T>(n);
    ASSERT_NE(a.get(), nullptr);
    // Every 4 KiB page and the last element: zero as handed out, then writable and readable.
    const std::size_t step = 4096 / sizeof(T);
    for (std::size_t k = 0; k < n; k += step) ASSERT_EQ(a[k], T{0}) << k;
    ASSERT_EQ(a[n - 1], T{0});
    for (std::size_t k = 0; k < n; k += step) a[k] = static_cast<T>(k % 1000 + 1);
    a[n - 1] = T{7};
    for (std::size_t k = 0; k + 1 < n; k += step) ASSERT_EQ(a[k], static_cast<T>(k % 1000 + 1)) << k;
    EXPECT_EQ(a[n - 1], T{7});
}

TEST(huge_page_allocation, small_arrays_are_zero_filled_and_usable) {
    expect_zero_and_writable<double>(1);
    expect_zero_and_writable<std::uint16_t>(1000);
    expect_zero_and_writable<float>((std::size_t{4} << 20) / sizeof(float) - 1);  // just below 4 MiB
}

TEST(huge_page_allocation, large_arrays_are_zero_filled_usable_and_2_mib_aligned) {
    // Sizes off the 2 MiB grid: the mapping is rounded up, the array's end must still be there.
    const std::size_t n = (std::size_t{9} << 20) / sizeof(double) + 123;  // 9 MiB + 984 B
    expect_zero_and_writable<double>(n);
    expect_zero_and_writable<std::uint16_t>((std::size_t{5} << 20) + 1);
#if defined(__linux__)
    const auto a = allocate_huge_pages<float>(std::size_t{3} << 20);  // 12 MiB
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(a.get()) % (std::uintptr_t{2} << 20), 0u);
#endif
}

TEST(huge_page_allocation, empty_arrays_and_moves_release_cleanly) {
    auto empty = allocate_huge_pages<double>(0);
    EXPECT_EQ(empty.get(), nullptr);
    auto a = allocate_huge_pages<double>(std::size_t{1} << 20);  // 8 MiB
    a[12345] = 1.5;
    auto b = std::move(a);  // the deleter (with the size munmap needs) moves with the pointer
    EXPECT_EQ(a.get(), nullptr);
    EXPECT_EQ(b[12345], 1.5);
    b = allocate_huge_pages<double>(10);  // releases the 8 MiB mapping, takes a calloc'd one
    EXPECT_EQ(b[9], 0.0);
}

}  // namespace
