import ArgumentParser
import Foundation

// MARK: - One line for a usage error

extension CatalogCommand {
    /// Parses the command line and runs the command, as ArgumentParser's `main()` does, except
    /// that a usage error (exit 64) is one line on stderr — `error: <what is wrong> (see
    /// 'catalog help')` — instead of the message followed by the whole usage text, so that
    /// scripts can show or log it like every other error. Help and version requests and
    /// every other error are handled by ArgumentParser as before.
    static func main() {
        do {
            var command = try parseAsRoot(RootArguments.rearranged(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                let message = message(for: error)
                    .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }.joined(separator: " ")
                FileHandle.standardError.write(Data("error: \(message) (see 'catalog help')\n".utf8))
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
            exit(withError: error)
        }
    }
}
