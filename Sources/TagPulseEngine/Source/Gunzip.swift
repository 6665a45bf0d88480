import CZlib
import Foundation

/// Inflates gzip data (the shipped corpus files) with zlib.
enum Gunzip {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The decompressed bytes; refuses output larger than `limit` (a guard against a corrupt or hostile file).
    static func inflate(_ data: Data, limit: Int = 256 << 20) throws(Failure) -> Data {
        var stream = z_stream()
        // 15 window bits + 16: expect a gzip header.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(description: "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var status = Z_OK
        var input = [UInt8](data)
        do {
            try input.withUnsafeMutableBytes { (inputBytes: UnsafeMutableRawBufferPointer) throws in
                stream.next_in = inputBytes.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(inputBytes.count)
                while status != Z_STREAM_END {
                    let produced = chunk.withUnsafeMutableBytes { chunkBytes -> Int in
                        stream.next_out = chunkBytes.baseAddress?.assumingMemoryBound(to: Bytef.self)
                        stream.avail_out = uInt(chunkBytes.count)
                        status = CZlib.inflate(&stream, Z_NO_FLUSH)
                        return chunkBytes.count - Int(stream.avail_out)
                    }
                    guard status == Z_OK || status == Z_STREAM_END else {
                        throw Failure(description: "the gzip data is corrupt (zlib status \(status))")
                    }
                    output.append(contentsOf: chunk[0..<produced])
                    guard output.count <= limit else { throw Failure(description: "the gzip data inflates past \(limit) bytes") }
                    if produced == 0 && stream.avail_in == 0 && status != Z_STREAM_END {
                        throw Failure(description: "the gzip data is truncated")
                    }
                }
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "the gzip data could not be inflated")
        }
        return output
    }
}
