package io.nextbest.server.connect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.text.ParseException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.WireFormat;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;

/**
 * Reads a request of one type from its proto3 JSON into the bytes of the protobuf
 * message, from a plan built once from the type's descriptor, as {@link JsonPrinter}
 * prints answers. {@code JsonFormat}'s parser builds a tree of the whole text first, then
 * sets each field through protobuf's reflection; the bytes this reader writes as it goes
 * are parsed by the rpc's own marshaller, as a binary Connect request's are.
 * <p>
 * It takes on itself only text whose meaning is plain: field names (JSON or proto names)
 * each given once, at most one field of a oneof, strings without lone surrogates,
 * integers written as integers, enums by name, finite doubles, booleans, nested messages,
 * lists, maps with string keys, and Timestamp and Duration in their text forms. Anything
 * else (a null, an unknown name, a number as text, a number where a string is expected,
 * an enum by number, floats, bytes, the other well-known types, malformed or trailing
 * text) makes {@link #read} answer null, and {@code JsonFormat} reads the text instead:
 * it accepts what it accepts, and refuses with its own error what it refuses, so a caller
 * sees exactly what it saw before.
 */
final class JsonRequestReader {

	/** How deep messages may nest before {@code JsonFormat} is left to judge. */
	private static final int MAX_DEPTH = 64;

	private final Plan root;

	private JsonRequestReader(Plan root) {
		this.root = root;
	}

	/**
	 * @param type the requests' type
	 * @return a reader of requests of that type
	 */
	static JsonRequestReader of(Descriptor type) {
		return new JsonRequestReader(plan(type, new HashMap<>()));
	}

	/**
	 * @param json a request's text
	 * @return the bytes of the message it stands for, or null when {@code JsonFormat}
	 * must read it
	 */
	byte[] read(String json) {
		try {
			JsonReader in = new JsonReader(new StringReader(json));
			in.setStrictness(Strictness.STRICT);
			if (in.peek() != JsonToken.BEGIN_OBJECT) {
				return null;
			}
			byte[] message = this.root.read(in, 0);
			return (message != null && in.peek() == JsonToken.END_DOCUMENT) ? message : null;
		}
		catch (IOException | IllegalStateException | NumberFormatException ex) {
			// Malformed text: JsonFormat gives the error.
			return null;
		}
	}

	private static Plan plan(Descriptor type, Map<Descriptor, Plan> plans) {
		Plan known = plans.get(type);
		if (known != null) {
			return known;
		}
		Plan plan = new Plan();
		plans.put(type, plan);
		for (FieldDescriptor field : type.getFields()) {
			Field planned;
			if (field.isMapField()) {
				Descriptor entry = field.getMessageType();
				planned = new Field(field, value(entry.findFieldByNumber(1), plans),
						value(entry.findFieldByNumber(2), plans));
			}
			else {
				planned = new Field(field, null, value(field, plans));
			}
			plan.fields.put(field.getJsonName(), planned);
			plan.fields.put(field.getName(), planned);
		}
		return plan;
	}

	private static Value value(FieldDescriptor field, Map<Descriptor, Plan> plans) {
		return switch (field.getType()) {
			case INT32, SINT32, SFIXED32, INT64, SINT64, SFIXED64, BOOL, DOUBLE, STRING -> new Value(field, null);
			case ENUM -> field.getEnumType().getFullName().equals("google.protobuf.NullValue") ? Value.UNPLANNED
					: new Value(field, null);
			case MESSAGE -> {
				String name = field.getMessageType().getFullName();
				if (name.equals("google.protobuf.Timestamp") || name.equals("google.protobuf.Duration")) {
					yield new Value(field, null);
				}
				// Well-known types with JSON forms of their own, and extensions:
				// JsonFormat.
				yield (name.startsWith("google.protobuf.") || field.getMessageType().isExtendable()) ? Value.UNPLANNED
						: new Value(field, plan(field.getMessageType(), plans));
			}
			// Unsigned integers, floats (a range of their own), bytes (base64) and
			// groups.
			default -> Value.UNPLANNED;
		};
	}

	/** How the fields of a message type are read, by both their names. */
	private static final class Plan {

		private final Map<String, Field> fields = new HashMap<>();

		/**
		 * @return the message's bytes, or null when JsonFormat must read it
		 */
		byte[] read(JsonReader in, int depth) throws IOException {
			if (depth > MAX_DEPTH || in.peek() != JsonToken.BEGIN_OBJECT) {
				return null;
			}
			ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
			CodedOutputStream out = CodedOutputStream.newInstance(bytes, 128);
			BitSet seen = new BitSet();
			BitSet oneofs = null;
			in.beginObject();
			while (in.hasNext()) {
				Field field = this.fields.get(in.nextName());
				if (field == null) {
					return null;
				}
				FieldDescriptor descriptor = field.descriptor();
				if (seen.get(descriptor.getIndex())) {
					return null;
				}
				seen.set(descriptor.getIndex());
				OneofDescriptor oneof = descriptor.getRealContainingOneof();
				if (oneof != null) {
					oneofs = (oneofs != null) ? oneofs : new BitSet();
					if (oneofs.get(oneof.getIndex())) {
						return null;
					}
					oneofs.set(oneof.getIndex());
				}
				if (!field.read(in, out, depth)) {
					return null;
				}
			}
			in.endObject();
			out.flush();
			return bytes.toByteArray();
		}

	}

	/**
	 * A field: one value, a list of them, or a map's entries.
	 *
	 * @param descriptor the field
	 * @param key a map's key, else null
	 * @param value its values, or a map's values
	 */
	private record Field(FieldDescriptor descriptor, Value key, Value value) {

		/**
		 * @return whether it was read; false when JsonFormat must read the text
		 */
		boolean read(JsonReader in, CodedOutputStream out, int depth) throws IOException {
			int number = this.descriptor.getNumber();
			if (this.key != null) {
				if (in.peek() != JsonToken.BEGIN_OBJECT || this.key.field() == null
						|| this.key.field().getType() != FieldDescriptor.Type.STRING) {
					return false;
				}
				Set<String> keys = new HashSet<>();
				in.beginObject();
				while (in.hasNext()) {
					String name = in.nextName();
					if (!keys.add(name) || !plainText(name)) {
						return false;
					}
					if (this.value.field() != null && this.value.field().getType() == FieldDescriptor.Type.STRING
							&& in.peek() == JsonToken.STRING) {
						// The usual map of texts: the entry written without a buffer of
						// its own.
						String text = in.nextString();
						if (!plainText(text)) {
							return false;
						}
						out.writeTag(number, WireFormat.WIRETYPE_LENGTH_DELIMITED);
						out.writeUInt32NoTag(CodedOutputStream.computeStringSize(1, name)
								+ CodedOutputStream.computeStringSize(2, text));
						out.writeString(1, name);
						out.writeString(2, text);
						continue;
					}
					ByteArrayOutputStream entryBytes = new ByteArrayOutputStream(32);
					CodedOutputStream entry = CodedOutputStream.newInstance(entryBytes, 64);
					entry.writeString(1, name);
					if (!this.value.read(in, entry, 2, depth)) {
						return false;
					}
					entry.flush();
					out.writeByteArray(number, entryBytes.toByteArray());
				}
				in.endObject();
				return true;
			}
			if (!this.descriptor.isRepeated()) {
				return this.value.read(in, out, number, depth);
			}
			if (in.peek() != JsonToken.BEGIN_ARRAY) {
				return false;
			}
			in.beginArray();
			while (in.hasNext()) {
				if (!this.value.read(in, out, number, depth)) {
					return false;
				}
			}
			in.endArray();
			return true;
		}

	}

	/**
	 * How one value of a field is read and written.
	 *
	 * @param field the field (a map entry's key or value field for a map)
	 * @param message the plan of a message value, else null
	 */
	private record Value(FieldDescriptor field, Plan message) {

		/** A value this reader leaves to JsonFormat. */
		static final Value UNPLANNED = new Value(null, null);

		/**
		 * Reads the next value and writes it as field {@code number}.
		 * @return whether it was read; false when JsonFormat must read the text
		 */
		boolean read(JsonReader in, CodedOutputStream out, int number, int depth) throws IOException {
			if (this.field == null) {
				return false;
			}
			JsonToken token = in.peek();
			switch (this.field.getType()) {
				case STRING -> {
					if (token != JsonToken.STRING) {
						return false;
					}
					String text = in.nextString();
					if (!plainText(text)) {
						return false;
					}
					out.writeString(number, text);
				}
				case BOOL -> {
					if (token != JsonToken.BOOLEAN) {
						return false;
					}
					out.writeBool(number, in.nextBoolean());
				}
				case INT32, SINT32, SFIXED32 -> {
					if (token != JsonToken.NUMBER) {
						return false;
					}
					String text = in.nextString();
					if (!integer(text, 11)) {
						return false;
					}
					long number64 = Long.parseLong(text);
					if (number64 < Integer.MIN_VALUE || number64 > Integer.MAX_VALUE) {
						return false;
					}
					int value = (int) number64;
					switch (this.field.getType()) {
						case SINT32 -> out.writeSInt32(number, value);
						case SFIXED32 -> out.writeSFixed32(number, value);
						default -> out.writeInt32(number, value);
					}
				}
				case INT64, SINT64, SFIXED64 -> {
					// JSON gives 64-bit integers as text, and JsonFormat takes numbers
					// too.
					if (token != JsonToken.STRING && token != JsonToken.NUMBER) {
						return false;
					}
					String text = in.nextString();
					if (!integer(text, 20)) {
						return false;
					}
					long value = Long.parseLong(text);
					switch (this.field.getType()) {
						case SINT64 -> out.writeSInt64(number, value);
						case SFIXED64 -> out.writeSFixed64(number, value);
						default -> out.writeInt64(number, value);
					}
				}
				case DOUBLE -> {
					if (token != JsonToken.NUMBER) {
						return false;
					}
					double value = Double.parseDouble(in.nextString());
					if (Double.isInfinite(value) || Double.doubleToRawLongBits(value) == Long.MIN_VALUE) {
						// Out of a double's range, which JsonFormat refuses; or -0.0,
						// which
						// it sets as the default on a message built by descriptor.
						return false;
					}
					out.writeDouble(number, value);
				}
				case ENUM -> {
					if (token != JsonToken.STRING) {
						return false;
					}
					EnumDescriptor type = this.field.getEnumType();
					EnumValueDescriptor constant = type.findValueByName(in.nextString());
					if (constant == null) {
						return false;
					}
					out.writeEnum(number, constant.getNumber());
				}
				case MESSAGE -> {
					byte[] message = message(in, depth);
					if (message == null) {
						return false;
					}
					out.writeByteArray(number, message);
				}
				default -> {
					return false;
				}
			}
			return true;
		}

		private byte[] message(JsonReader in, int depth) throws IOException {
			if (this.message != null) {
				return this.message.read(in, depth + 1);
			}
			if (in.peek() != JsonToken.STRING) {
				return null;
			}
			String text = in.nextString();
			try {
				return this.field.getMessageType().getFullName().equals("google.protobuf.Timestamp")
						? Timestamps.parse(text).toByteArray() : Durations.parse(text).toByteArray();
			}
			catch (ParseException ex) {
				return null;
			}
		}

	}

	/**
	 * Whether a number's text is an integer as JSON writes one (an optional minus, no
	 * leading zero), the only number text an integer field takes here.
	 * @param text the text
	 * @param longest the most characters it may have
	 */
	private static boolean integer(String text, int longest) {
		int length = text.length();
		int first = (length > 0 && text.charAt(0) == '-') ? 1 : 0;
		if (length == first || length > longest || (text.charAt(first) == '0' && length > first + 1)) {
			return false;
		}
		for (int i = first; i < length; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether a text is written the same whichever way it goes: a lone surrogate cannot
	 * be encoded in UTF-8, where a message set by JsonFormat would hold it as it is.
	 */
	private static boolean plainText(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isSurrogate(c)) {
				if (!Character.isHighSurrogate(c) || i + 1 == text.length()
						|| !Character.isLowSurrogate(text.charAt(i + 1))) {
					return false;
				}
				i++;
			}
		}
		return true;
	}

}
