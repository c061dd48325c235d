// Why this file is unsafe: two strings' UTF-8 storage is compared with `memcmp` through the
// pointers `withContiguousStorageIfAvailable` lends.
//
// What keeps it correct: the pointers are used only inside the closures they are lent to, and `memcmp` reads exactly
// `count` bytes of each, after checking both strings hold that many.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Whether the two strings hold the same UTF-8 bytes, the equality a cache of what was made from
    /// the text needs.
    ///
    /// Stricter than `==`, which also takes canonically equivalent text as equal (and so, for text
    /// outside ASCII, compares scalar by scalar: about three instructions a byte on a page of HTML).
    func hasSameBytes(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        let compared = utf8.withContiguousStorageIfAvailable { first in
            other.utf8.withContiguousStorageIfAvailable { second in
                guard let a = first.baseAddress, let b = second.baseAddress else { return true }
                // Copies of one string share their storage (the pages of one scenario do).
                return a == b || memcmp(a, b, first.count) == 0
            }
        }
        return (compared ?? nil) ?? utf8.elementsEqual(other.utf8)
    }
}
