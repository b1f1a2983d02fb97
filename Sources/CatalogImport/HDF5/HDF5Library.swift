import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The HDF5 C library (Debian's `libhdf5`), loaded at run time with `dlopen` the first time an
/// HDF5 file is read, so that building and running `catalog` needs neither its headers nor the
/// library itself: only reading a `.h5` file does.
///
/// The functions are declared here as `@convention(c)` types with the ABI of HDF5 1.10 and later
/// (`hid_t` is `int64_t`, `hsize_t` is `unsigned long long`, `herr_t`/`htri_t` are `int`, enums
/// are `int`; see `H5public.h`, `H5Ipublic.h`). Only functions whose signature is the same in
/// 1.10, 1.12 and 1.14 are used (no versioned `H5Literate`/`H5Oget_info`).
///
/// libhdf5 (the "serial" build Debian ships) is not thread-safe: every use goes through
/// ``withLibrary(_:)``, which holds one process-wide lock.
final class HDF5Library: @unchecked Sendable {
    typealias HID = Int64
    typealias FnVoid = @convention(c) () -> Int32
    typealias FnVersion = @convention(c) (UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<UInt32>) -> Int32
    typealias FnSetAuto = @convention(c) (HID, OpaquePointer?, UnsafeMutableRawPointer?) -> Int32
    typealias FnOpenFile = @convention(c) (UnsafePointer<CChar>, UInt32, HID) -> HID
    typealias FnClose = @convention(c) (HID) -> Int32
    typealias FnGetID = @convention(c) (HID) -> HID
    typealias FnInt = @convention(c) (HID) -> Int32
    typealias FnSize = @convention(c) (HID) -> Int
    typealias FnExists = @convention(c) (HID, UnsafePointer<CChar>) -> Int32
    typealias FnOpenNamed = @convention(c) (HID, UnsafePointer<CChar>, HID) -> HID
    typealias FnExistsNamed = @convention(c) (HID, UnsafePointer<CChar>, HID) -> Int32
    typealias FnRead = @convention(c) (HID, HID, UnsafeMutableRawPointer) -> Int32
    typealias FnPoints = @convention(c) (HID) -> Int64
    typealias FnDims = @convention(c) (HID, UnsafeMutablePointer<UInt64>?, UnsafeMutablePointer<UInt64>?) -> Int32
    typealias FnGroupInfo = @convention(c) (HID, UnsafeMutableRawPointer) -> Int32
    typealias FnNameByIndex = @convention(c) (HID, UnsafePointer<CChar>, Int32, Int32, UInt64, UnsafeMutablePointer<CChar>?, Int, HID) -> Int
    typealias FnLinkInfo = @convention(c) (HID, UnsafePointer<CChar>, UnsafeMutableRawPointer, HID) -> Int32
    typealias FnFree = @convention(c) (UnsafeMutableRawPointer?) -> Int32
    typealias FnSetCore = @convention(c) (HID, Int, Bool) -> Int32
    typealias FnSetImage = @convention(c) (HID, UnsafeMutableRawPointer, Int) -> Int32

    /// Shared-object names tried in order: the newest first (1.14: `.320`, `.310`; 1.12: `.200`;
    /// HDF5 1.10 crashes on some damaged files that 1.14 refuses cleanly), then Debian 12's
    /// `libhdf5-103-1` (HDF5 1.10), other distributions' names, then the unversioned names the
    /// `-dev` packages add.
    static let sonames = [
        "libhdf5_serial.so.320", "libhdf5_serial.so.310", "libhdf5_serial.so.200", "libhdf5_serial.so.103",
        "libhdf5.so.320", "libhdf5.so.310", "libhdf5.so.200", "libhdf5.so.103",
        "libhdf5_serial.so", "libhdf5.so", "libhdf5.dylib", "/opt/homebrew/lib/libhdf5.dylib",
    ]

    /// How to get the library, for the message when it is missing.
    static let installHint = "apt-get install libhdf5-103-1 (Debian 12; libhdf5-310 on Debian 13, or libhdf5-dev anywhere)"

    /// The library's version (`H5get_libversion`): major, minor, release.
    let version: (major: Int, minor: Int, release: Int)
    let H5Eset_auto2: FnSetAuto
    let H5Fopen: FnOpenFile
    let H5Fclose: FnClose
    let H5Aexists: FnExists
    let H5Aopen: FnOpenNamed
    let H5Aget_type: FnGetID
    let H5Aget_space: FnGetID
    let H5Aread: FnRead
    let H5Aclose: FnClose
    let H5Tget_class: FnInt
    let H5Tis_variable_str: FnInt
    let H5Tget_size: FnSize
    let H5Tget_sign: FnInt
    let H5Tclose: FnClose
    let H5Sget_simple_extent_type: FnInt
    let H5Sget_simple_extent_npoints: FnPoints
    let H5Sget_simple_extent_ndims: FnInt
    let H5Sget_simple_extent_dims: FnDims
    let H5Sclose: FnClose
    let H5Dopen2: FnOpenNamed
    let H5Dget_space: FnGetID
    let H5Dget_type: FnGetID
    let H5Dclose: FnClose
    let H5Gopen2: FnOpenNamed
    let H5Gget_info: FnGroupInfo
    let H5Gclose: FnClose
    let H5Lexists: FnExistsNamed
    let H5Lget_name_by_idx: FnNameByIndex
    let H5Lget_info: FnLinkInfo
    let H5Oopen: FnOpenNamed
    let H5Oclose: FnClose
    let H5Iget_type: FnInt
    let H5free_memory: FnFree
    let H5Pcreate: FnGetID
    let H5Pclose: FnClose
    let H5Pset_fapl_core: FnSetCore
    let H5Pset_file_image: FnSetImage
    /// `H5P_CLS_FILE_ACCESS_ID_g`: the property-list class of file-access lists (`H5P_FILE_ACCESS`).
    let fileAccessClass: UnsafePointer<HID>

    private init(handle: UnsafeMutableRawPointer, soname: String) throws(HDF5Error) {
        func symbol<T>(_ names: String..., as type: T.Type = T.self) throws(HDF5Error) -> T {
            for name in names {
                if let pointer = dlsym(handle, name) { return unsafeBitCast(pointer, to: T.self) }
            }
            throw .unavailable("\(soname) has no function \(names[0]); it is not a usable HDF5 library")
        }
        let open: FnVoid = try symbol("H5open")
        let getVersion: FnVersion = try symbol("H5get_libversion")
        guard open() >= 0 else { throw .unavailable("\(soname) failed to initialise (H5open)") }
        var (major, minor, release) = (UInt32(0), UInt32(0), UInt32(0))
        _ = getVersion(&major, &minor, &release)
        guard major > 1 || (major == 1 && minor >= 10) else {
            throw .unavailable("\(soname) is HDF5 \(major).\(minor).\(release); 1.10 or later is needed")
        }
        version = (Int(major), Int(minor), Int(release))
        H5Eset_auto2 = try symbol("H5Eset_auto2")
        H5Fopen = try symbol("H5Fopen")
        H5Fclose = try symbol("H5Fclose")
        H5Aexists = try symbol("H5Aexists")
        H5Aopen = try symbol("H5Aopen")
        H5Aget_type = try symbol("H5Aget_type")
        H5Aget_space = try symbol("H5Aget_space")
        H5Aread = try symbol("H5Aread")
        H5Aclose = try symbol("H5Aclose")
        H5Tget_class = try symbol("H5Tget_class")
        H5Tis_variable_str = try symbol("H5Tis_variable_str")
        H5Tget_size = try symbol("H5Tget_size")
        H5Tget_sign = try symbol("H5Tget_sign")
        H5Tclose = try symbol("H5Tclose")
        H5Sget_simple_extent_type = try symbol("H5Sget_simple_extent_type")
        H5Sget_simple_extent_npoints = try symbol("H5Sget_simple_extent_npoints")
        H5Sget_simple_extent_ndims = try symbol("H5Sget_simple_extent_ndims")
        H5Sget_simple_extent_dims = try symbol("H5Sget_simple_extent_dims")
        H5Sclose = try symbol("H5Sclose")
        H5Dopen2 = try symbol("H5Dopen2")
        H5Dget_space = try symbol("H5Dget_space")
        H5Dget_type = try symbol("H5Dget_type")
        H5Dclose = try symbol("H5Dclose")
        H5Gopen2 = try symbol("H5Gopen2")
        H5Gget_info = try symbol("H5Gget_info")
        H5Gclose = try symbol("H5Gclose")
        H5Lexists = try symbol("H5Lexists")
        H5Lget_name_by_idx = try symbol("H5Lget_name_by_idx")
        // 1.12 renamed it H5Lget_info2 (H5Lget_info is a macro there); the struct's first field,
        // the link type, is the same in both, and it is the only field read.
        H5Lget_info = try symbol("H5Lget_info2", "H5Lget_info")
        H5Oopen = try symbol("H5Oopen")
        H5Oclose = try symbol("H5Oclose")
        H5Iget_type = try symbol("H5Iget_type")
        H5free_memory = try symbol("H5free_memory")
        H5Pcreate = try symbol("H5Pcreate")
        H5Pclose = try symbol("H5Pclose")
        H5Pset_fapl_core = try symbol("H5Pset_fapl_core")
        H5Pset_file_image = try symbol("H5Pset_file_image")
        guard let accessClass = dlsym(handle, "H5P_CLS_FILE_ACCESS_ID_g") else {
            throw .unavailable("\(soname) has no H5P_CLS_FILE_ACCESS_ID_g; it is not a usable HDF5 library")
        }
        fileAccessClass = UnsafePointer(accessClass.assumingMemoryBound(to: HID.self))
    }

    /// The library, loaded once; or why it cannot be.
    private static let loaded: Result<HDF5Library, HDF5Error> = {
        if let override = ProcessInfo.processInfo.environment["CATALOG_HDF5_LIBRARY"] {
            // For tests: a path (or a name that does not exist, to test the missing-library path).
            guard let handle = dlopen(override, RTLD_NOW | RTLD_LOCAL) else {
                return .failure(.unavailable("cannot load \(override) (CATALOG_HDF5_LIBRARY)"))
            }
            return Result { () throws(HDF5Error) in try HDF5Library(handle: handle, soname: override) }
        }
        var lastProblem: HDF5Error?
        for soname in sonames {
            guard let handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL) else { continue }
            do throws(HDF5Error) {
                return .success(try HDF5Library(handle: handle, soname: soname))
            } catch {
                lastProblem = error
                dlclose(handle)
            }
        }
        return .failure(lastProblem ?? .unavailable("the HDF5 library (libhdf5) is not installed"))
    }()

    private static let lock = NSLock()

    /// Runs `body` with the library, holding the process-wide HDF5 lock.
    /// - Throws: ``HDF5Error/unavailable(_:)`` when no usable libhdf5 can be loaded, or what
    ///   `body` throws.
    static func withLibrary<T>(_ body: (HDF5Library) throws(HDF5Error) -> T) throws(HDF5Error) -> T {
        let library = try loaded.get()
        lock.lock()
        defer { lock.unlock() }
        // No error stacks printed on stderr: failures are reported as ImportErrors. Set on every
        // use: a thread-safe build of the library (Debian's is one) keeps the setting per thread.
        _ = library.H5Eset_auto2(0 /* H5E_DEFAULT */, nil, nil)
        return try body(library)
    }

    /// Whether a usable libhdf5 can be loaded on this machine (tests skip without one).
    static var isAvailable: Bool {
        if case .success = loaded { return true }
        return false
    }

    /// The loaded library's version, or `nil` when none can be loaded.
    static var loadedVersion: (major: Int, minor: Int, release: Int)? {
        if case .success(let library) = loaded { return library.version }
        return nil
    }
}

/// Failures reading an HDF5 file, turned into ``ImportError``s by the Keras `.h5` reader.
enum HDF5Error: Error {
    /// No usable libhdf5 could be loaded (exit 69).
    case unavailable(String)
    /// The file is not HDF5, is damaged, or holds something unexpected.
    case malformed(String)
}
