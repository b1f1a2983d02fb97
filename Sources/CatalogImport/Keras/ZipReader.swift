import Foundation
import ZIPFoundation

/// A minimal, bounds-checked reader of zip archives held in memory: lists the central directory
/// and inflates one entry, never touching the file system.
///
/// It replaces ZIPFoundation's `Archive` for `.keras` files, which fuzzing showed unsafe on
/// hostile archives: its memory-backed archive traps on a central directory pointing past the
/// end, its file-backed one leaks a path per archive, and both spin forever on a deflate stream
/// that ends before its final block (the input provider returns empty chunks and the inflate
/// loop never reaches `Z_STREAM_END`). Here every offset and size is checked against the data,
/// the inflate input ends with an error, and the output is capped. ZIPFoundation's public
/// `Data.decompress` (zlib's inflate) does the decompression.
struct ZipReader {
    /// One file of the archive, from its central directory record.
    struct Entry {
        var name: String
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    /// Why an archive or an entry cannot be read, in words.
    struct Failure: Error {
        var reason: String
    }

    let data: Data
    let entries: [Entry]

    /// Reads the central directory of `data`.
    /// - Throws: ``Failure`` when there is no end-of-central-directory record or a record points
    ///   outside the data.
    init(_ data: Data) throws(Failure) {
        // Indices from 0. Only a slice is copied: `Data(data)` of a whole mapped file would copy
        // (and so read) every byte of the archive, weights included.
        self.data = data.startIndex == 0 ? data : Data(data)
        entries = try Self.centralDirectory(of: self.data)
    }

    /// The entry named `name` (exactly), if any.
    func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    /// The uncompressed bytes of `entry`, at most `limit` of them.
    /// - Throws: ``Failure`` for a data range outside the archive, an unsupported method or
    ///   encryption, a truncated or corrupt deflate stream, more than `limit` bytes, or a CRC
    ///   mismatch. The message for the size limit starts with "larger than".
    func contents(of entry: Entry, limit: Int) throws(Failure) -> Data {
        let range = try dataRange(of: entry)
        let (start, end) = (range.lowerBound, range.upperBound)
        guard entry.flags & 1 == 0 else { throw Failure(reason: "\(entry.name) is encrypted") }
        let stored = data[start..<end]
        var output = Data()
        let crc: UInt32
        switch entry.method {
        case 0:
            guard stored.count <= limit else { throw Failure(reason: "larger than \(limit) bytes") }
            output = Data(stored)
            crc = output.crc32(checksum: 0)
        case 8:
            let chunkSize = 64 * 1024
            var position = start
            do {
                crc = try Data.decompress(
                    size: Int64(entry.compressedSize), bufferSize: chunkSize, skipCRC32: false,
                    provider: { _, _ in
                        // zlib is told each chunk holds `chunkSize` bytes: pad the last one.
                        guard position < end else { throw Failure(reason: "the deflate data of \(entry.name) is truncated") }
                        var chunk = Data(self.data[position..<min(position + chunkSize, end)])
                        position += chunk.count
                        if chunk.count < chunkSize { chunk.append(Data(count: chunkSize - chunk.count)) }
                        return chunk
                    },
                    consumer: { piece in
                        guard output.count + piece.count <= limit else { throw Failure(reason: "larger than \(limit) bytes") }
                        output.append(piece)
                    })
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure(reason: "the deflate data of \(entry.name) is corrupt")
            }
        default:
            throw Failure(reason: "\(entry.name) uses compression method \(entry.method); only stored (0) and deflate (8) are read")
        }
        guard crc == entry.crc32 else { throw Failure(reason: "\(entry.name) is damaged (its CRC-32 does not match)") }
        return output
    }

    /// Where `entry`'s stored (compressed) bytes lie in the archive, read from its local header;
    /// nothing is read from the bytes themselves.
    /// - Throws: ``Failure`` naming the entry when there is no local header at its offset or its
    ///   compressed bytes run past the end of the archive (a truncated file; Python's zipfile
    ///   raises EOFError reading it).
    func dataRange(of entry: Entry) throws(Failure) -> Range<Int> {
        let header = entry.localHeaderOffset
        guard try u32(data, header) == 0x0403_4B50 else { throw Failure(reason: "no local header for \(entry.name)") }
        let start = header + 30 + Int(try u16(data, header + 26)) + Int(try u16(data, header + 28))
        let (end, overflow) = start.addingReportingOverflow(entry.compressedSize)
        guard !overflow, end <= data.count else {
            throw Failure(reason: "\(entry.name)'s \(entry.compressedSize) compressed bytes run past the end of the archive (\(data.count) bytes)")
        }
        return start..<end
    }

    // MARK: - Central directory

    private static func centralDirectory(of data: Data) throws(Failure) -> [Entry] {
        // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535.
        guard data.count >= 22 else { throw Failure(reason: "too short to be a zip archive") }
        var eocd = data.count - 22
        let lowest = max(0, data.count - 22 - 65_535)
        while eocd >= lowest, try u32(data, eocd) != 0x0605_4B50 { eocd -= 1 }
        guard eocd >= lowest else { throw Failure(reason: "no end of central directory record") }
        var count = Int(try u16(data, eocd + 10))
        var size = Int(try u32(data, eocd + 12))
        var offset = Int(try u32(data, eocd + 16))
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            // ZIP64: the locator just before the record points to the ZIP64 end record.
            guard eocd >= 20, try u32(data, eocd - 20) == 0x0706_4B50 else {
                throw Failure(reason: "a ZIP64 archive without its ZIP64 locator")
            }
            let record = try int64(data, eocd - 20 + 8)
            guard try u32(data, record) == 0x0606_4B50 else { throw Failure(reason: "no ZIP64 end of central directory record") }
            count = try int64(data, record + 32)
            size = try int64(data, record + 40)
            offset = try int64(data, record + 48)
        }
        let (end, overflow) = offset.addingReportingOverflow(size)
        guard !overflow, end <= data.count, count <= size / 46 + 1 else {
            throw Failure(reason: "the central directory lies outside the archive")
        }
        var entries: [Entry] = []
        var cursor = offset
        for _ in 0..<count {
            guard cursor + 46 <= end, try u32(data, cursor) == 0x0201_4B50 else {
                throw Failure(reason: "a damaged central directory")
            }
            let nameLength = Int(try u16(data, cursor + 28))
            let extraLength = Int(try u16(data, cursor + 30))
            let commentLength = Int(try u16(data, cursor + 32))
            let next = cursor + 46 + nameLength + extraLength + commentLength
            guard next <= end else { throw Failure(reason: "a damaged central directory") }
            let nameBytes = data[(cursor + 46)..<(cursor + 46 + nameLength)]
            var entry = Entry(
                name: String(decoding: nameBytes, as: UTF8.self),
                method: try u16(data, cursor + 10), flags: try u16(data, cursor + 8), crc32: try u32(data, cursor + 16),
                compressedSize: Int(try u32(data, cursor + 20)), uncompressedSize: Int(try u32(data, cursor + 24)),
                localHeaderOffset: Int(try u32(data, cursor + 42)))
            try applyZIP64(extra: (cursor + 46 + nameLength)..<(cursor + 46 + nameLength + extraLength), of: data, to: &entry)
            entries.append(entry)
            cursor = next
        }
        return entries
    }

    /// The ZIP64 extended information field (id 1) replaces 0xFFFFFFFF sizes and offsets.
    private static func applyZIP64(extra: Range<Int>, of data: Data, to entry: inout Entry) throws(Failure) {
        var cursor = extra.lowerBound
        while cursor + 4 <= extra.upperBound {
            let id = try u16(data, cursor)
            let length = Int(try u16(data, cursor + 2))
            let fieldEnd = cursor + 4 + length
            guard fieldEnd <= extra.upperBound else { return }
            if id == 1 {
                var field = cursor + 4
                func next() throws(Failure) -> Int {
                    guard field + 8 <= fieldEnd else { throw Failure(reason: "a damaged ZIP64 field in \(entry.name)") }
                    defer { field += 8 }
                    return try int64(data, field)
                }
                if entry.uncompressedSize == 0xFFFF_FFFF { entry.uncompressedSize = try next() }
                if entry.compressedSize == 0xFFFF_FFFF { entry.compressedSize = try next() }
                if entry.localHeaderOffset == 0xFFFF_FFFF { entry.localHeaderOffset = try next() }
            }
            cursor = fieldEnd
        }
    }

    // MARK: - Little-endian fields, bounds checked

    private static func u16(_ data: Data, _ offset: Int) throws(Failure) -> UInt16 {
        guard offset >= 0, offset + 2 <= data.count else { throw Failure(reason: "a record runs past the end of the archive") }
        return UInt16(data[offset]) | UInt16(data[offset + 1]) << 8
    }

    private static func u32(_ data: Data, _ offset: Int) throws(Failure) -> UInt32 {
        guard offset >= 0, offset + 4 <= data.count else { throw Failure(reason: "a record runs past the end of the archive") }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[offset + $1]) << (8 * UInt32($1)) }
    }

    /// A 64-bit field, refused if it does not fit an `Int` offset or size.
    private static func int64(_ data: Data, _ offset: Int) throws(Failure) -> Int {
        guard offset >= 0, offset + 8 <= data.count else { throw Failure(reason: "a record runs past the end of the archive") }
        let value = (0..<8).reduce(UInt64(0)) { $0 | UInt64(data[offset + $1]) << (8 * UInt64($1)) }
        guard value <= UInt64(Int.max) else { throw Failure(reason: "a ZIP64 size or offset beyond 64-bit range") }
        return Int(value)
    }

    private func u16(_ data: Data, _ offset: Int) throws(Failure) -> UInt16 { try Self.u16(data, offset) }
    private func u32(_ data: Data, _ offset: Int) throws(Failure) -> UInt32 { try Self.u32(data, offset) }
}
