import Crypto
import Essentials

/// The fingerprint `ssh-keygen -lf` prints (`SHA256:` and the unpadded base64 of the key blob's
/// SHA-256), so an admin can match a key on screen with one on a machine.
public enum SSHFingerprint {
    public static func sha256(publicKey: String) -> String? {
        let fields = publicKey.split(separator: " ")
        guard fields.count >= 2, let blob = Data(base64Encoded: String(fields[1])) else { return nil }
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
        return "SHA256:" + digest.replacingEvery("=", with: "")
    }
}
