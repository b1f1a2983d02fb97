import ArgumentParser
import CatalogService

/// The exit statuses of `catalog`, after BSD's sysexits.h where one fits; `ExitCode.failure` (1)
/// is any other error and `ExitCode.validationFailure` (64, EX_USAGE) a bad command line.
extension ExitCode {
    /// 65 (EX_DATAERR): the input data is wrong (a file that cannot be parsed or computed,
    /// an invalid query, two files naming one architecture).
    static let dataError = ExitCode(65)
    /// 66 (EX_NOINPUT): an input does not exist (a file, an architecture, a layer, the folder
    /// of a new `--db` file).
    static let noInput = ExitCode(66)
    /// 69 (EX_UNAVAILABLE): a library needed to read the file is not installed.
    static let unavailable = ExitCode(69)
    /// 130 (128 + SIGINT): stopped by Ctrl-C.
    static let interrupted = ExitCode(130)
}

extension ServiceError {
    /// The exit status for this error: ``ExitCode/dataError`` for bad input data,
    /// ``ExitCode/noInput`` for a missing file or architecture, ``ExitCode/unavailable`` when a
    /// library needed to read the file is not installed, `ExitCode.failure` otherwise.
    var exitCode: ExitCode {
        switch self {
        case .importFailed(let error) where error.isMissingFile: .noInput
        case .importFailed(let error) where error.isMissingLibrary: .unavailable
        case .importFailed, .inferenceFailed, .memory, .nameClash, .invalidQuery: .dataError
        case .notFound, .layerNotFound, .store(.missingFolder): .noInput
        case .store, .corruptRow: .failure
        }
    }
}
