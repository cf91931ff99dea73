package io.nextbest.server.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;

/** Calls whose messages are bytes as they are, whatever they hold. */
final class RawMessages {

	private RawMessages() {
	}

	/**
	 * @param name the full method name, for example {@code nba.v1.DecisionService/Decide}
	 * @param type unary or streaming
	 * @return a method sending and receiving bytes
	 */
	static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
		return MethodDescriptor.<byte[], byte[]>newBuilder()
			.setFullMethodName(name)
			.setType(type)
			.setRequestMarshaller(Bytes.MARSHALLER)
			.setResponseMarshaller(Bytes.MARSHALLER)
			.build();
	}

	private enum Bytes implements MethodDescriptor.Marshaller<byte[]> {

		MARSHALLER;

		@Override
		public InputStream stream(byte[] value) {
			return new Known(value);
		}

		@Override
		public byte[] parse(InputStream stream) {
			try {
				return stream.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/** Of known length, as the transports hand messages to the server. */
	private static final class Known extends ByteArrayInputStream implements KnownLength {

		Known(byte[] bytes) {
			super(bytes);
		}

	}

}
