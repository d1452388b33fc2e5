import Foundation

extension SimProduct {
    /// A stable id for the product's image at `index`: the same image keeps its id when others
    /// are added, removed or moved, as a real store's media ids do (a writer that reads ids, then
    /// deletes or reorders by them, must not find them shifted). Derived from the product, the
    /// image's URL and how many times that URL came before it, so the state needs no extra column.
    public func imageID(at index: Int) -> Int64 {
        let url = images[index]
        let occurrence = images[..<index].filter { $0 == url }.count
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a, 64 bits
        for byte in "\(url)#\(occurrence)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return id * 1_000_000 + Int64(hash % 999_983) + 1
    }

    /// The index of the image whose ``imageID(at:)`` is `id`, if the product has it.
    public func imageIndex(id: Int64) -> Int? {
        images.indices.first { imageID(at: $0) == id }
    }
}
