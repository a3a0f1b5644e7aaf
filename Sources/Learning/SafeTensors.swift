import Foundation

/// One named Float32 tensor (row-major), the unit `SafeTensors` reads and writes.
public struct SafeTensor: Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    public var values: [Float]

    public init(name: String, shape: [Int], values: [Float]) {
        self.name = name
        self.shape = shape
        self.values = values
    }
}

/// Reading or writing a `.safetensors` file failed; the message names the tensor or field.
public struct SafeTensorsError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "safetensors: \(message)" }
}

/// The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header
/// `{name: {dtype, shape, data_offsets}, "__metadata__": {...}}` padded with spaces to 8 bytes,
/// then the raw little-endian tensor bytes.
///
/// Why: checkpoints must load in Python (`safetensors.numpy.load_file`, PyTorch) without pickle,
/// and the format is simple enough to own here without a dependency. Only F32 is written and read.
public enum SafeTensors {
    /// Serialises tensors (data laid out in name order) with optional string metadata.
    public static func encode(_ tensors: [SafeTensor], metadata: [String: String] = [:]) throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        let sorted = tensors.sorted { $0.name < $1.name }
        var offset = 0
        var seen = Set<String>()
        for t in sorted {
            guard seen.insert(t.name).inserted else { throw SafeTensorsError("duplicate tensor name '\(t.name)'") }
            guard t.name != "__metadata__" else { throw SafeTensorsError("'__metadata__' is reserved") }
            let expected = t.shape.reduce(1, *)
            guard t.shape.allSatisfy({ $0 >= 0 }), expected == t.values.count else {
                throw SafeTensorsError("tensor '\(t.name)' has shape \(t.shape) but \(t.values.count) values")
            }
            let bytes = t.values.count * 4
            header[t.name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + bytes]] as [String: Any]
            offset += bytes
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data(capacity: 8 + json.count + offset)
        var length = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(json)
        for t in sorted {
            for v in t.values {
                var bits = v.bitPattern.littleEndian
                withUnsafeBytes(of: &bits) { out.append(contentsOf: $0) }
            }
        }
        return out
    }

    /// Parses a safetensors file's bytes, checking every offset and shape against the data.
    public static func decode(_ data: Data) throws -> (tensors: [String: SafeTensor], metadata: [String: String]) {
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw SafeTensorsError("file is \(bytes.count) bytes, shorter than the 8-byte header length") }
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard n <= UInt64(bytes.count - 8) else { throw SafeTensorsError("header length \(n) exceeds the file size \(bytes.count)") }
        let headerEnd = 8 + Int(n)
        let parsed = try? JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd]))
        guard let header = parsed as? [String: Any] else { throw SafeTensorsError("header is not a JSON object") }
        var metadata: [String: String] = [:]
        var tensors: [String: SafeTensor] = [:]
        let dataCount = bytes.count - headerEnd
        for (name, entry) in header {
            if name == "__metadata__" {
                guard let m = entry as? [String: String] else { throw SafeTensorsError("__metadata__ must map strings to strings") }
                metadata = m
                continue
            }
            guard let info = entry as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = (info["shape"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                  let offsets = (info["data_offsets"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                  offsets.count == 2 else {
                throw SafeTensorsError("tensor '\(name)' lacks dtype, shape or data_offsets")
            }
            guard dtype == "F32" else { throw SafeTensorsError("tensor '\(name)' has dtype \(dtype); only F32 is supported") }
            let count = shape.reduce(1, *)
            guard offsets[0] >= 0, offsets[1] <= dataCount, offsets[1] - offsets[0] == count * 4, shape.allSatisfy({ $0 >= 0 }) else {
                throw SafeTensorsError("tensor '\(name)' offsets \(offsets) do not fit shape \(shape) in \(dataCount) data bytes")
            }
            var values = [Float](repeating: 0, count: count)
            let base = headerEnd + offsets[0]
            for i in 0..<count {
                let p = base + 4 * i
                let bits = UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24
                values[i] = Float(bitPattern: bits)
            }
            tensors[name] = SafeTensor(name: name, shape: shape, values: values)
        }
        return (tensors, metadata)
    }

    public static func write(_ tensors: [SafeTensor], metadata: [String: String] = [:], to url: URL) throws {
        try encode(tensors, metadata: metadata).write(to: url, options: .atomic)
    }

    public static func read(from url: URL) throws -> (tensors: [String: SafeTensor], metadata: [String: String]) {
        do {
            return try decode(try Data(contentsOf: url))
        } catch let e as SafeTensorsError {
            throw SafeTensorsError("\(url.path): \(e.message)")
        }
    }
}
