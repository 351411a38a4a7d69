/** A gRPC method defined without a .proto: JSON messages, which grpc-js takes as any serializer. */
export function jsonMethod(path: string, responseStream: boolean, requestStream = false) {
  return {
    path,
    requestStream,
    responseStream,
    requestSerialize: (v: unknown) => Buffer.from(JSON.stringify(v)),
    requestDeserialize: (b: Buffer) => JSON.parse(b.toString()),
    responseSerialize: (v: unknown) => Buffer.from(JSON.stringify(v)),
    responseDeserialize: (b: Buffer) => JSON.parse(b.toString()),
  };
}
