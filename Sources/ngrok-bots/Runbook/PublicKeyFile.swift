import ArgumentParser
import Essentials

/// An OpenSSH public key read from a file given on the command line.
enum PublicKeyFile {
    static func read(_ path: String) throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read the public key file \(path)")
        }
        return text.trimmed
    }
}
