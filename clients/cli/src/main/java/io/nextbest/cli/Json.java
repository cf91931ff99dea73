package io.nextbest.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

/**
 * Prints answers in the canonical JSON form of protobuf, for scripts.
 */
final class Json {

	private static final JsonFormat.Printer PRINTER = JsonFormat.printer();

	private Json() {
	}

	static String of(MessageOrBuilder message) {
		try {
			return PRINTER.print(message) + System.lineSeparator();
		}
		catch (InvalidProtocolBufferException ex) {
			// Only Any fields with unknown types fail to print, and the API has none.
			throw new IllegalStateException(ex);
		}
	}

}
