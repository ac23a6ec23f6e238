// The Foundation types every module uses (Date, Data, URL, JSON coding), imported once here:
// FoundationEssentials where the toolchain has it, which needs no ICU data (34 MB of a static
// binary), and Foundation elsewhere. Every file that needs them imports this module instead.
#if canImport(FoundationEssentials)
@_exported import FoundationEssentials
#else
@_exported import Foundation
#endif
