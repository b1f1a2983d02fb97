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
        StandardStreams.install()
        do {
            var command = try parseAsRoot(RootArguments.rearranged(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                var message = message(for: error)
                    .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }.joined(separator: " ")
                // A count ArgumentParser refused: say what one looks like.
                if message.contains("is invalid for '--min-") || message.contains("is invalid for '--max-") {
                    message += "; \(CountArgument.examples)"
                }
                // SQL starting with a `--` comment reads as an option to the argument parser.
                if message.contains("Missing expected argument '<sql>'"),
                   CommandLine.arguments.contains(where: { $0.hasPrefix("--") && $0.contains(" ") }) {
                    message += "; SQL that starts with a '--' comment needs '--' before it: catalog query -- \"-- …\""
                }
                writeToStderr("error: \(message) (see 'catalog help')\n")
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
            exit(withError: error)
        }
    }
}
