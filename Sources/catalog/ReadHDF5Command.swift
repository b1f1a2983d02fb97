import ArgumentParser
import CatalogImport
import Foundation

/// The hidden entry point of the child process that reads a Keras `.h5` file
/// (`catalog __read-hdf5 PATH`): libhdf5 runs there, not in the command that reads the file, so
/// that a crash or hang of the library on a damaged file becomes an error naming the file
/// (CatalogImport's `HDF5Reading`). It writes the reply (JSON) on standard output and exits 0,
/// also for a file it refuses; it is not meant to be run by hand.
struct ReadHDF5Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "__read-hdf5",
        abstract: "Reads one .h5 file for another catalog process (internal).",
        discussion: """
            catalog add runs this in a child process for each Keras .h5 file, so that a crash of \
            libhdf5 on a damaged file is reported as an error naming the file. It writes JSON for \
            that process on standard output.

            Example (what catalog add runs):
              catalog __read-hdf5 model.h5
            """,
        shouldDisplay: false)

    @Argument(help: "The .h5 file.")
    var path: String

    func run() throws {
        HDF5Reading.enterChildProcess()
        StandardStreams.write(HDF5Reading.childReply(path: path))
        StandardStreams.flushOrFail()
    }

    /// Makes every later `.h5` read of this process start `catalog __read-hdf5` (this binary).
    static func readHDF5InChildProcesses() {
        HDF5Reading.mode = .childProcess(
            HDF5Reading.ChildProcessReader(executable: HDF5Reading.currentExecutable, arguments: [configuration.commandName!]))
    }
}
