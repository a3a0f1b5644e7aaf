import Foundation

/// A minimal reader/writer for the safetensors format (huggingface/safetensors): an 8-byte
/// little-endian header length, a JSON header `{name: {dtype, shape, data_offsets}, "__metadata__":
/// {string: string}}` padded with spaces to 8 bytes, then the raw little-endian tensor bytes.
///
/// Only `F32` is supported, which is what Sentrade stores (linear sentiment weights, policy
/// weights); files load unchanged in Python's `safetensors.numpy.load_file`. One implementation
/// serves the sentiment model files and the policy checkpoints.
public struct SafeTensors: Sendable, Hashable {
    /// One float32 tensor, row-major.
    public struct Tensor: Sendable, Hashable {
        public var shape: [Int]
        public var values: [Float]

        public init(shape: [Int], values: [Float]) {
            self.shape = shape
            self.values = values
        }
    }

    public var tensors: [String: Tensor]
    /// Free-form string metadata (`__metadata__`).
    public var metadata: [String: String]

    public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Serialises; tensors are laid out in name order. Throws if a shape does not match its values.
    public func encoded() throws(SafeTensorsError) -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        let names = tensors.keys.sorted()
        for name in names {
            guard let t = tensors[name] else { continue }
            let expected = t.shape.reduce(1, *)
            guard expected == t.values.count, t.shape.allSatisfy({ $0 >= 0 }) else {
                throw SafeTensorsError(path: name, reason: "shape \(t.shape) holds \(expected) values, got \(t.values.count)")
            }
            header[name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + 4 * expected]] as [String: Any]
            offset += 4 * expected
        }
        var json: Data
        do { json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]) } catch {
            throw SafeTensorsError(path: "<memory>", reason: "header not encodable: \(error)")
        }
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        for name in names {
            guard let t = tensors[name] else { continue }
            var bytes = [UInt8](repeating: 0, count: 4 * t.values.count)
            for (i, v) in t.values.enumerated() {
                let bits = v.bitPattern
                bytes[4 * i] = UInt8(truncatingIfNeeded: bits)
                bytes[4 * i + 1] = UInt8(truncatingIfNeeded: bits >> 8)
                bytes[4 * i + 2] = UInt8(truncatingIfNeeded: bits >> 16)
                bytes[4 * i + 3] = UInt8(truncatingIfNeeded: bits >> 24)
            }
            out.append(contentsOf: bytes)
        }
        return out
    }

    /// Parses a safetensors buffer; `path` only names the input in errors.
    public init(data: Data, path: String = "<memory>") throws(SafeTensorsError) {
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw SafeTensorsError(path: path, reason: "\(bytes.count) bytes, shorter than the 8-byte header length") }
        var len: UInt64 = 0
        for i in 0..<8 { len |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard len <= UInt64(bytes.count - 8) else {
            throw SafeTensorsError(path: path, reason: "header length \(len) exceeds file size \(bytes.count)")
        }
        let headerEnd = 8 + Int(len)
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])) } catch {
            throw SafeTensorsError(path: path, reason: "header is not JSON: \(error.localizedDescription)")
        }
        guard let header = parsed as? [String: Any] else { throw SafeTensorsError(path: path, reason: "header is not a JSON object") }
        let body = bytes.count - headerEnd
        var tensors: [String: Tensor] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: String] else {
                    throw SafeTensorsError(path: path, reason: "__metadata__ must map strings to strings")
                }
                metadata = m
                continue
            }
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2 else {
                throw SafeTensorsError(path: path, reason: "tensor '\(name)' lacks dtype/shape/data_offsets")
            }
            guard dtype == "F32" else { throw SafeTensorsError(path: path, reason: "tensor '\(name)' has dtype \(dtype); only F32 is supported") }
            // Element and byte counts with overflow checks: a shape whose product wraps must not pass
            // as a small tensor.
            var count = 1, overflow = !shape.allSatisfy { $0 >= 0 }
            for dimension in shape where !overflow { (count, overflow) = count.multipliedReportingOverflow(by: dimension) }
            let (bytesNeeded, bytesOverflow) = count.multipliedReportingOverflow(by: 4)
            guard !overflow, !bytesOverflow, offsets[0] >= 0, offsets[1] >= offsets[0], offsets[1] <= body,
                  offsets[1] - offsets[0] == bytesNeeded else {
                throw SafeTensorsError(path: path, reason: "tensor '\(name)' offsets \(offsets) do not fit shape \(shape) in \(body) data bytes")
            }
            var values = [Float](repeating: 0, count: count)
            let base = headerEnd + offsets[0]
            for i in 0..<count {
                let p = base + 4 * i
                let bits = UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24
                values[i] = Float(bitPattern: bits)
            }
            tensors[name] = Tensor(shape: shape, values: values)
        }
        self.init(tensors: tensors, metadata: metadata)
    }

    public func write(to path: String) throws(SafeTensorsError) {
        let data = try encoded()
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw SafeTensorsError(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    public static func read(path: String) throws(SafeTensorsError) -> SafeTensors {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw SafeTensorsError(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        return try SafeTensors(data: data, path: path)
    }
}

/// A safetensors file that cannot be read or written: the file (or tensor) and what is wrong.
public struct SafeTensorsError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): invalid safetensors file (\(reason))" }
}

/// A named tensor, for code that builds a file's tensors as an ordered list (checkpoints).
public struct SafeTensor: Sendable, Hashable {
    public var name: String
    public var shape: [Int]
    public var values: [Float]

    public init(name: String, shape: [Int], values: [Float]) {
        self.name = name
        self.shape = shape
        self.values = values
    }
}

extension SafeTensors {
    public init(_ list: [SafeTensor], metadata: [String: String] = [:]) {
        self.init(tensors: Dictionary(list.map { ($0.name, Tensor(shape: $0.shape, values: $0.values)) }, uniquingKeysWith: { a, _ in a }),
                  metadata: metadata)
    }

    /// The tensors as named values.
    public var named: [String: SafeTensor] {
        tensors.reduce(into: [:]) { $0[$1.key] = SafeTensor(name: $1.key, shape: $1.value.shape, values: $1.value.values) }
    }

    public static func encode(_ list: [SafeTensor], metadata: [String: String] = [:]) throws(SafeTensorsError) -> Data {
        try SafeTensors(list, metadata: metadata).encoded()
    }

    public static func decode(_ data: Data) throws(SafeTensorsError) -> (tensors: [String: SafeTensor], metadata: [String: String]) {
        let file = try SafeTensors(data: data)
        return (file.named, file.metadata)
    }

    public static func write(_ list: [SafeTensor], metadata: [String: String] = [:], to url: URL) throws(SafeTensorsError) {
        try SafeTensors(list, metadata: metadata).write(to: url.path)
    }

    public static func read(from url: URL) throws(SafeTensorsError) -> (tensors: [String: SafeTensor], metadata: [String: String]) {
        let file = try SafeTensors.read(path: url.path)
        return (file.named, file.metadata)
    }
}
