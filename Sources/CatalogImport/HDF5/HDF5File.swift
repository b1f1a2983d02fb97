import Foundation

/// An open HDF5 file, read-only: string attributes, group members, and datasets' shapes and
/// element types. Dataset contents (the weights) are never read.
///
/// Used only inside ``HDF5Library/withLibrary(_:)`` (the library is not thread-safe); the file
/// is closed by ``close()``.
struct HDF5File {
    typealias HID = HDF5Library.HID
    let library: HDF5Library
    let id: HID

    /// The most bytes a string attribute may hold (the limit of a `.keras` archive's config.json).
    static let maximumAttributeSize = 64 * 1024 * 1024
    /// The deepest group nesting walked; deeper groups are refused.
    static let maximumDepth = 16
    /// The most group members (links to groups and datasets, and the soft and external links
    /// skipped) visited in one walk; a file with more is refused. Each group is walked once
    /// (``datasets(under:excluding:)``), so this bounds the walk of a file with very many
    /// distinct members.
    static let maximumMembers = 50_000

    /// Opens the file at `path` (read-only, HDF5's default driver, which reads only what is asked).
    static func open(path: String, library: HDF5Library) throws(HDF5Error) -> HDF5File {
        let id = library.H5Fopen(path, 0 /* H5F_ACC_RDONLY */, 0 /* H5P_DEFAULT */)
        guard id >= 0 else { throw .malformed("not a readable HDF5 file (truncated or damaged)") }
        return HDF5File(library: library, id: id)
    }

    /// Opens an HDF5 file image held in memory (HDF5's core driver, no backing file); the
    /// library copies the bytes.
    static func open(image: Data, library: HDF5Library) throws(HDF5Error) -> HDF5File {
        guard !image.isEmpty else { throw .malformed("the file is empty") }
        let fapl = library.H5Pcreate(library.fileAccessClass.pointee)
        guard fapl >= 0 else { throw .malformed("HDF5 could not create a file-access property list") }
        defer { _ = library.H5Pclose(fapl) }
        var bytes = [UInt8](image)
        let set = bytes.withUnsafeMutableBytes { buffer in
            library.H5Pset_fapl_core(fapl, 64 * 1024, false) >= 0
                && library.H5Pset_file_image(fapl, buffer.baseAddress!, buffer.count) >= 0
        }
        guard set else { throw .malformed("HDF5 refused the file image") }
        let id = library.H5Fopen("memory.h5", 0, fapl)
        guard id >= 0 else { throw .malformed("not a readable HDF5 file (truncated or damaged)") }
        return HDF5File(library: library, id: id)
    }

    func close() { _ = library.H5Fclose(id) }

    // MARK: - Attributes

    /// Whether the object at `path` (`/` for the root) has an attribute `name`.
    func hasAttribute(_ name: String, at path: String = "/") -> Bool {
        guard let object = openObject(path) else { return false }
        defer { _ = library.H5Oclose(object) }
        return library.H5Aexists(object, name) > 0
    }

    /// The attribute `name` of the object at `path` as a string, or `nil` when there is none.
    /// Reads a scalar string attribute, variable-length (h5py's `str`) or fixed-length (`bytes`,
    /// NUL padding removed), as UTF-8.
    /// - Throws: ``HDF5Error/malformed(_:)`` when it is not a single string, is larger than
    ///   ``maximumAttributeSize``, is not UTF-8, or the object's attributes cannot be read.
    func stringAttribute(_ name: String, at path: String = "/") throws(HDF5Error) -> String? {
        guard let object = openObject(path) else { return nil }
        defer { _ = library.H5Oclose(object) }
        let exists = library.H5Aexists(object, name)
        guard exists >= 0 else { throw .malformed("the attributes of '\(path)' cannot be read (damaged)") }
        guard exists > 0 else { return nil }
        let attribute = library.H5Aopen(object, name, 0)
        guard attribute >= 0 else { throw .malformed("attribute '\(name)' cannot be opened") }
        defer { _ = library.H5Aclose(attribute) }
        let type = library.H5Aget_type(attribute)
        guard type >= 0 else { throw .malformed("attribute '\(name)' has an unreadable type") }
        defer { _ = library.H5Tclose(type) }
        let space = library.H5Aget_space(attribute)
        guard space >= 0 else { throw .malformed("attribute '\(name)' has an unreadable dataspace") }
        defer { _ = library.H5Sclose(space) }
        guard library.H5Tget_class(type) == 3 /* H5T_STRING */ else {
            throw .malformed("attribute '\(name)' is not a string")
        }
        guard library.H5Sget_simple_extent_npoints(space) == 1 else {
            throw .malformed("attribute '\(name)' is not a single string")
        }
        if library.H5Tis_variable_str(type) > 0 {
            var pointer: UnsafeMutablePointer<CChar>?
            let status = withUnsafeMutablePointer(to: &pointer) { library.H5Aread(attribute, type, $0) }
            guard status >= 0 else { throw .malformed("attribute '\(name)' cannot be read") }
            guard let pointer else { return "" }
            defer { _ = library.H5free_memory(pointer) }
            let length = strlen(pointer)
            guard length <= Self.maximumAttributeSize else {
                throw .malformed("attribute '\(name)' is \(length) bytes; the limit is \(Self.maximumAttributeSize)")
            }
            return try utf8(Data(bytes: pointer, count: length), name)
        }
        let size = library.H5Tget_size(type)
        guard size > 0 else { throw .malformed("attribute '\(name)' has an unreadable size") }
        guard size <= Self.maximumAttributeSize else {
            throw .malformed("attribute '\(name)' is \(size) bytes; the limit is \(Self.maximumAttributeSize)")
        }
        var buffer = [UInt8](repeating: 0, count: size)
        let status = buffer.withUnsafeMutableBytes { library.H5Aread(attribute, type, $0.baseAddress!) }
        guard status >= 0 else { throw .malformed("attribute '\(name)' cannot be read") }
        let end = buffer.firstIndex(of: 0) ?? buffer.count
        return try utf8(Data(buffer[..<end]), name)
    }

    private func utf8(_ data: Data, _ name: String) throws(HDF5Error) -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            throw .malformed("attribute '\(name)' is not UTF-8 text")
        }
        return text
    }

    // MARK: - Groups and datasets

    /// A dataset's path (from the walk's starting group), element type and dimensions.
    struct Dataset {
        var path: [String]
        var dtype: String
        var itemSize: Int
        var shape: [Int]
    }

    /// Whether `path` names an existing link (every component is checked, as HDF5 requires).
    func exists(_ path: String) -> Bool {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/" + component
            guard library.H5Lexists(id, prefix, 0) > 0 else { return false }
        }
        return true
    }

    /// Every dataset under the group at `path`, depth first in name order, following only hard
    /// links (a soft or external link in a weights group is skipped: it could point outside the
    /// file), skipping member names in `excluding` at the top level.
    ///
    /// Each group is walked once: HDF5 hard links may give one group several names, or make a
    /// group its own member (a cycle). Keras writes each group once, so a group reached a second
    /// time is refused at once; without that, ten links to the next group on each of eight
    /// levels make 10^8 paths, and the walk used to stop only at ``maximumMembers``.
    /// - Throws: ``HDF5Error/malformed(_:)`` when a member cannot be opened, a group is reached
    ///   by a second hard link, the groups nest deeper than ``maximumDepth`` or have more than
    ///   ``maximumMembers`` members in all.
    func datasets(under path: String, excluding: Set<String> = []) throws(HDF5Error) -> [Dataset] {
        let group = library.H5Gopen2(id, path, 0)
        guard group >= 0 else { throw .malformed("group '\(path)' cannot be opened") }
        defer { _ = library.H5Gclose(group) }
        var walk = Walk()
        // The starting group's own object, so that a link back to it is seen as a cycle (the
        // root group has no link to read it from; a link to it is then caught one level lower).
        if let start = link(id, path), start.isHard { walk.groups[start.object] = path }
        try self.walk(group, path: path, components: [], excluding: excluding, into: &walk)
        return walk.found
    }

    /// What one walk has found and seen: the datasets, the groups by their object (and the
    /// path they were first reached by), and the members counted against ``maximumMembers``.
    private struct Walk {
        var found: [Dataset] = []
        var groups: [ObjectToken: String] = [:]
        var visited = 0
    }

    private func walk(
        _ group: HID, path: String, components: [String], excluding: Set<String>, into walk: inout Walk
    ) throws(HDF5Error) {
        guard components.count < Self.maximumDepth else {
            throw .malformed("groups nested more than \(Self.maximumDepth) deep at '\(path)'")
        }
        // H5G_info_t: { H5G_storage_type_t storage_type; hsize_t nlinks; int64_t max_corder; hbool_t mounted }.
        var info = [UInt64](repeating: 0, count: 8)
        guard info.withUnsafeMutableBytes({ library.H5Gget_info(group, $0.baseAddress!) }) >= 0 else {
            throw .malformed("group '\(path)' cannot be listed")
        }
        let count = info[1]
        for index in 0..<count {
            walk.visited += 1
            guard walk.visited <= Self.maximumMembers else {
                throw .malformed("more than \(Self.maximumMembers) groups and datasets under '\(path)'")
            }
            let name = try memberName(group, index: index, path: path)
            if components.isEmpty, excluding.contains(name) { continue }
            guard let link = link(group, name), link.isHard else { continue }
            let child = path == "/" ? "/" + name : path + "/" + name
            let object = library.H5Oopen(group, name, 0)
            guard object >= 0 else { throw .malformed("'\(child)' cannot be opened") }
            let kind = library.H5Iget_type(object)
            _ = library.H5Oclose(object)
            switch kind {
            case 2:  // H5I_GROUP
                if let first = walk.groups[link.object] {
                    throw .malformed(
                        child.hasPrefix(first + "/")
                            ? "'\(child)' is a hard link to '\(first)', which holds it: the groups form a cycle"
                            : "'\(child)' and '\(first)' are hard links to one group: a group linked under "
                                + "several names is refused (its members would be read again under each)")
                }
                walk.groups[link.object] = child
                let opened = library.H5Gopen2(group, name, 0)
                guard opened >= 0 else { throw .malformed("group '\(child)' cannot be opened") }
                defer { _ = library.H5Gclose(opened) }
                try self.walk(opened, path: child, components: components + [name], excluding: [], into: &walk)
            case 5:  // H5I_DATASET
                walk.found.append(try dataset(group, name: name, components: components + [name], path: child))
            default:
                continue  // a named datatype
            }
        }
    }

    private func memberName(_ group: HID, index: UInt64, path: String) throws(HDF5Error) -> String {
        // H5_INDEX_NAME = 0, H5_ITER_INC = 0.
        let length = library.H5Lget_name_by_idx(group, ".", 0, 0, index, nil, 0, 0)
        guard length >= 0, length < 65_536 else { throw .malformed("a member of '\(path)' has an unreadable name") }
        var buffer = [CChar](repeating: 0, count: length + 1)
        guard library.H5Lget_name_by_idx(group, ".", 0, 0, index, &buffer, buffer.count, 0) >= 0 else {
            throw .malformed("a member of '\(path)' has an unreadable name")
        }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The object a hard link leads to, as HDF5 identifies it in the file: 16 bytes, the same
    /// for every name of one object.
    struct ObjectToken: Hashable {
        var low: UInt64
        var high: UInt64
    }

    /// The link `name` of `group`: whether it is a hard link (`H5L_TYPE_HARD`, not soft or
    /// external) and, if so, the object it leads to; `nil` when it cannot be read.
    ///
    /// `H5L_info_t` (1.10) and `H5L_info2_t` (1.12, 1.14) share their layout up to the union at
    /// byte 24: `{ H5L_type_t type; hbool_t corder_valid; int64_t corder; H5T_cset_t cset;
    /// union { … } u }` (H5Lpublic.h). For a hard link the union holds the object's address
    /// (`haddr_t`, 8 bytes, in 1.10) or its token (`H5O_token_t`, 16 bytes, whose first 8 are
    /// the address in a native file, in 1.12 and later); bytes 24–39 of a zeroed buffer are
    /// therefore the object's identity in all three.
    private func link(_ group: HID, _ name: String) -> (isHard: Bool, object: ObjectToken)? {
        var info = [UInt64](repeating: 0, count: 16)
        guard info.withUnsafeMutableBytes({ library.H5Lget_info(group, name, $0.baseAddress!, 0) }) >= 0 else {
            return nil
        }
        let type = info.withUnsafeBytes { $0.load(as: Int32.self) }
        return (type == 0 /* H5L_TYPE_HARD */, ObjectToken(low: info[3], high: info[4]))
    }

    private func dataset(_ group: HID, name: String, components: [String], path: String) throws(HDF5Error) -> Dataset {
        let dataset = library.H5Dopen2(group, name, 0)
        guard dataset >= 0 else { throw .malformed("dataset '\(path)' cannot be opened") }
        defer { _ = library.H5Dclose(dataset) }
        let type = library.H5Dget_type(dataset)
        guard type >= 0 else { throw .malformed("dataset '\(path)' has an unreadable type") }
        defer { _ = library.H5Tclose(type) }
        let space = library.H5Dget_space(dataset)
        guard space >= 0 else { throw .malformed("dataset '\(path)' has an unreadable dataspace") }
        defer { _ = library.H5Sclose(space) }
        let rank = library.H5Sget_simple_extent_ndims(space)
        guard rank >= 0, rank <= 32 else { throw .malformed("dataset '\(path)' has \(rank) dimensions") }
        var dims = [UInt64](repeating: 0, count: Int(rank))
        if rank > 0 {
            guard dims.withUnsafeMutableBufferPointer({ library.H5Sget_simple_extent_dims(space, $0.baseAddress, nil) }) == rank else {
                throw .malformed("dataset '\(path)' has unreadable dimensions")
            }
        }
        guard dims.allSatisfy({ $0 <= UInt64(Int.max) }) else { throw .malformed("dataset '\(path)' has a dimension too large") }
        var elements = 1
        for dimension in dims {
            let (product, overflow) = elements.multipliedReportingOverflow(by: Int(dimension))
            guard !overflow else {
                throw .malformed("dataset '\(path)' has shape \(dims.map { Int($0) }): more than 2^63 elements")
            }
            elements = product
        }
        let size = library.H5Tget_size(type)
        return Dataset(path: components, dtype: dtypeName(type, size: size), itemSize: size, shape: dims.map { Int($0) })
    }

    /// numpy's name for the element type (what h5py and Keras call it: `float32`, `int64`,
    /// `uint8`), or `hdf5-class-C-size-S` for a type numpy has no plain name for.
    private func dtypeName(_ type: HID, size: Int) -> String {
        switch library.H5Tget_class(type) {
        case 0:  // H5T_INTEGER
            return (library.H5Tget_sign(type) == 0 ? "uint" : "int") + String(size * 8)
        case 1:  // H5T_FLOAT
            return "float" + String(size * 8)
        case 8 where size == 1:  // H5T_ENUM: h5py stores numpy's bool as an enum of int8
            return "bool"
        case let kind:
            return "hdf5-class-\(kind)-size-\(size)"
        }
    }

    private func openObject(_ path: String) -> HID? {
        guard path == "/" || exists(path) else { return nil }
        let object = library.H5Oopen(id, path, 0)
        return object >= 0 ? object : nil
    }
}
