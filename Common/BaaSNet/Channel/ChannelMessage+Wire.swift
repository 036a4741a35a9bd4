// The binary encoding of a channel message (the payload of one frame):
//
//   payload   = tag:u8 fields
//   u16/u32/u64 are big-endian; string = length:u16 UTF-8 bytes; bytes = length:u32 raw bytes
//   1 hello      min:u16 max:u16 role:u8 identity:string count:u16 feature:string*
//   2 helloAck   same fields as hello; min == max == the chosen version
//   3 request    id:u64 method:string body:bytes
//   4 response   id:u64 status:u16 body:bytes
//   5 event      name:string body:bytes
//   6 heartbeat  (nothing)
//   7 goodbye    code:string reason:string
//
// Binary rather than JSON because a heartbeat is then 5 bytes on the wire and decoding a body
// never copies it twice. Decoding rejects unknown tags, truncated fields, invalid UTF-8, min > max,
// unknown roles and trailing bytes.

extension ChannelMessage {
    private enum Tag: UInt8 {
        case hello = 1, helloAck, request, response, event, heartbeat, goodbye
    }

    /// The payload bytes of this message.
    ///
    /// Strings longer than 65,535 UTF-8 bytes are cut at that length (method, event and
    /// feature names are short by construction; a goodbye reason is prose).
    public func encoded() -> [UInt8] {
        var writer = ChannelWireWriter()
        switch self {
        case .hello(let hello):
            writer.u8(Tag.hello.rawValue)
            writer.hello(hello)
        case .helloAck(let hello):
            writer.u8(Tag.helloAck.rawValue)
            writer.hello(hello)
        case .request(let id, let method, let body):
            writer.u8(Tag.request.rawValue)
            writer.u64(id)
            writer.string(method)
            writer.bytes(body)
        case .response(let id, let status, let body):
            writer.u8(Tag.response.rawValue)
            writer.u64(id)
            writer.u16(status)
            writer.bytes(body)
        case .event(let name, let body):
            writer.u8(Tag.event.rawValue)
            writer.string(name)
            writer.bytes(body)
        case .heartbeat:
            writer.u8(Tag.heartbeat.rawValue)
        case .goodbye(let code, let reason):
            writer.u8(Tag.goodbye.rawValue)
            writer.string(code)
            writer.string(reason)
        }
        return writer.output
    }

    /// Decodes one payload.
    ///
    /// - Throws: `NetError` `net.frame_malformed` for anything that is not exactly one message.
    public init(decoding payload: [UInt8]) throws {
        var reader = ChannelWireReader(payload)
        guard let tag = Tag(rawValue: try reader.u8()) else {
            throw NetError.frameMalformed("unknown message type \(payload[0])")
        }
        switch tag {
        case .hello: self = .hello(try reader.hello())
        case .helloAck: self = .helloAck(try reader.hello())
        case .request:
            self = .request(id: try reader.u64(), method: try reader.string(), body: try reader.bytes())
        case .response:
            self = .response(id: try reader.u64(), status: try reader.u16(), body: try reader.bytes())
        case .event: self = .event(name: try reader.string(), body: try reader.bytes())
        case .heartbeat: self = .heartbeat
        case .goodbye: self = .goodbye(code: try reader.string(), reason: try reader.string())
        }
        try reader.expectEnd()
    }
}

extension ChannelWireWriter {
    fileprivate mutating func hello(_ hello: ChannelHello) {
        u16(hello.versions.lowerBound)
        u16(hello.versions.upperBound)
        u8(hello.role.rawValue)
        string(hello.identity)
        let features = hello.features.prefix(Int(UInt16.max))
        u16(UInt16(features.count))
        for feature in features { string(feature) }
    }
}

extension ChannelWireReader {
    fileprivate mutating func hello() throws -> ChannelHello {
        let low = try u16()
        let high = try u16()
        guard low <= high else { throw NetError.frameMalformed("version range \(low)...\(high) is empty") }
        let roleByte = try u8()
        guard let role = ChannelRole(rawValue: roleByte) else {
            throw NetError.frameMalformed("unknown role \(roleByte)")
        }
        let identity = try string()
        let count = Int(try u16())
        var features: [String] = []
        for _ in 0..<count { features.append(try string()) }
        return ChannelHello(versions: low...high, role: role, identity: identity, features: features)
    }
}
