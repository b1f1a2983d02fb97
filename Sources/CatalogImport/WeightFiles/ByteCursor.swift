import Foundation

/// A bounds-checked little-endian reader over bytes that may be a memory-mapped file: every read
/// checks the remaining length first, so a length or count read from a hostile file can never
/// make it read past the end or allocate according to the bogus number.
struct ByteCursor {
    /// Why a read failed, in words.
    struct Failure: Error { var reason: String }

    let data: Data
    /// The offset of the next read, from the start of `data`.
    private(set) var offset: Int

    init(_ data: Data, offset: Int = 0) {
        self.data = data
        self.offset = offset
    }

    var remaining: Int { data.count - offset }

    /// Moves to `position` (checked against the data).
    mutating func seek(to position: Int) throws(Failure) {
        guard position >= 0, position <= data.count else { throw Failure(reason: "offset \(position) is past the end of the file (\(data.count) bytes)") }
        offset = position
    }

    mutating func skip(_ count: Int, what: @autoclosure () -> String) throws(Failure) {
        guard count >= 0, count <= remaining else { throw Failure(reason: "\(what()) (\(count) bytes) runs past the end of the file") }
        offset += count
    }

    mutating func bytes(_ count: Int, what: @autoclosure () -> String) throws(Failure) -> Data {
        guard count >= 0, count <= remaining else { throw Failure(reason: "\(what()) (\(count) bytes) runs past the end of the file") }
        let start = data.startIndex + offset
        offset += count
        return data[start..<(start + count)]
    }

    /// `count` bytes decoded as UTF-8 (ill-formed sequences replaced, as `String(decoding:as:)`
    /// does), read from the raw bytes without slicing `data`.
    mutating func utf8(_ count: Int, what: @autoclosure () -> String) throws(Failure) -> String {
        guard count >= 0, count <= remaining else { throw Failure(reason: "\(what()) (\(count) bytes) runs past the end of the file") }
        let start = offset
        offset += count
        return data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> String in
            String(decoding: UnsafeRawBufferPointer(rebasing: buffer[start..<(start + count)]), as: UTF8.self)
        }
    }

    mutating func u8(_ what: @autoclosure () -> String) throws(Failure) -> UInt8 {
        guard remaining >= 1 else { throw Failure(reason: "the file ends inside \(what())") }
        defer { offset += 1 }
        return data[data.startIndex + offset]
    }

    mutating func u16(_ what: @autoclosure () -> String) throws(Failure) -> UInt16 { UInt16(truncatingIfNeeded: try little(2, what())) }
    mutating func u32(_ what: @autoclosure () -> String) throws(Failure) -> UInt32 { UInt32(truncatingIfNeeded: try little(4, what())) }
    mutating func u64(_ what: @autoclosure () -> String) throws(Failure) -> UInt64 { try little(8, what()) }

    /// A little-endian unsigned integer of `width` bytes.
    private mutating func little(_ width: Int, _ what: @autoclosure () -> String) throws(Failure) -> UInt64 {
        guard remaining >= width else { throw Failure(reason: "the file ends inside \(what())") }
        let start = offset
        // Through the raw bytes: `Data`'s subscript cost 1,500 instructions a read (BENCHMARKS.md
        // section 6).
        let value = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> UInt64 in
            var value: UInt64 = 0
            for index in 0..<width { value |= UInt64(buffer[start + index]) << (8 * UInt64(index)) }
            return value
        }
        offset += width
        return value
    }

    /// Steps over `count` length-prefixed strings (a GGUF vocabulary: 8-byte length, bytes) in
    /// one pass over the raw bytes, decoding none; byte-by-byte reads through `Data` took 2.5 s
    /// (debug build) for Llama 3's 128,256 tokens and 280,147 merges.
    mutating func skipStrings(_ count: Int, what: @autoclosure () -> String) throws(Failure) {
        let start = offset
        let end: Int? = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int? in
            guard let base = buffer.baseAddress else { return count > 0 ? nil : start }
            let end = base + buffer.count
            var position = base + start
            var left = count
            while left > 0 {
                guard end - position >= 8 else { return nil }
                // One unaligned load (27 million instructions byte by byte for Llama 3's 408,403
                // strings in a release build, BENCHMARKS.md section 6).
                let length = UInt64(littleEndian: position.loadUnaligned(as: UInt64.self))
                position += 8
                guard length <= UInt64(end - position) else { return nil }
                position += Int(length)
                left -= 1
            }
            return position - base
        }
        guard let end else { throw Failure(reason: "\(what()) runs past the end of the file") }
        offset = end
    }

    /// A 64-bit unsigned count or size that must fit an `Int` and the bytes left.
    mutating func length(_ what: @autoclosure () -> String, elementSize: Int = 1) throws(Failure) -> Int {
        let raw = try u64(what())
        guard raw <= UInt64(Int.max / max(elementSize, 1)), Int(raw) * elementSize <= remaining else {
            throw Failure(reason: "\(what()) \(raw) runs past the end of the file")
        }
        return Int(raw)
    }
}

/// Maps a weight file into memory without reading it: pages are read only when a header byte
/// is touched, so the weights themselves never are (headers only; see docs/TENSORS.md).
enum MappedFile {
    /// The file at `path`, memory-mapped.
    /// - Throws: ``ImportError`` when it cannot be opened or mapped.
    static func map(_ path: String) throws(ImportError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: [.alwaysMapped])
        } catch {
            throw ImportError(file: path, problem: "cannot be read: \(error.localizedDescription)")
        }
    }
}
