package io.nextbest.server.connect;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;

/**
 * Prints messages of one type in the proto3 JSON mapping, the same text as
 * {@code JsonFormat.printer().omittingInsignificantWhitespace()} (names in
 * lowerCamelCase, enums by name, fields without presence only when not at their default,
 * in field number order), from a plan built once from the type's descriptor.
 * {@code JsonFormat} works that plan out again for every message: it collects the set
 * fields into a sorted map, builds each name's text and runs every string through Gson;
 * for a Decide answer that was a fifth of a Connect call's CPU.
 * <p>
 * The types {@code JsonFormat} prints in a form of their own (Any, Struct, Value,
 * ListValue, FieldMask, the wrappers) but Timestamp and Duration are handed to
 * {@code JsonFormat} itself, as are messages with extensions: none of the API's answers
 * have them, and the text stays the same either way.
 */
final class JsonPrinter {

	private static final JsonFormat.Printer JSON_FORMAT = JsonFormat.printer().omittingInsignificantWhitespace();

	/**
	 * The types {@code JsonFormat} prints specially, apart from Timestamp and Duration.
	 */
	private static final Set<String> SPECIAL = Set.of("google.protobuf.Any", "google.protobuf.Struct",
			"google.protobuf.Value", "google.protobuf.ListValue", "google.protobuf.FieldMask",
			"google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
			"google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
			"google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue");

	/** Gson's escapes (HTML-safe, as {@code JsonFormat}'s Gson has them) of ASCII. */
	private static final String[] ESCAPES = new String[128];

	static {
		for (int c = 0; c < 0x20; c++) {
			ESCAPES[c] = String.format("\\u%04x", c);
		}
		ESCAPES['"'] = "\\\"";
		ESCAPES['\\'] = "\\\\";
		ESCAPES['\t'] = "\\t";
		ESCAPES['\b'] = "\\b";
		ESCAPES['\n'] = "\\n";
		ESCAPES['\r'] = "\\r";
		ESCAPES['\f'] = "\\f";
		ESCAPES['<'] = "\\u003c";
		ESCAPES['>'] = "\\u003e";
		ESCAPES['&'] = "\\u0026";
		ESCAPES['='] = "\\u003d";
		ESCAPES['\''] = "\\u0027";
	}

	private final Plan root;

	private JsonPrinter(Plan root) {
		this.root = root;
	}

	/**
	 * @param type the messages' type
	 * @return a printer for messages of that type (and only of that type)
	 */
	static JsonPrinter of(Descriptor type) {
		return new JsonPrinter(plan(type, new HashMap<>()));
	}

	/**
	 * @param message a message of this printer's type
	 * @return its JSON text
	 * @throws InvalidProtocolBufferException as {@code JsonFormat} throws it (an Any of a
	 * type it does not know)
	 */
	String print(Message message) throws InvalidProtocolBufferException {
		StringBuilder out = new StringBuilder(1024);
		this.root.print(message, out);
		return out.toString();
	}

	private static Plan plan(Descriptor type, Map<Descriptor, Plan> plans) {
		Plan known = plans.get(type);
		if (known != null) {
			return known;
		}
		if (type.getFullName().equals("google.protobuf.Timestamp")) {
			return Plan.TIMESTAMP;
		}
		if (type.getFullName().equals("google.protobuf.Duration")) {
			return Plan.DURATION;
		}
		if (SPECIAL.contains(type.getFullName()) || type.isExtendable()) {
			return Plan.JSON_FORMAT;
		}
		Plan plan = new Plan();
		// Registered before its fields, so that a type that contains itself finds it.
		plans.put(type, plan);
		List<FieldDescriptor> fields = new ArrayList<>(type.getFields());
		fields.sort(Comparator.comparingInt(FieldDescriptor::getNumber));
		List<Field> planned = new ArrayList<>();
		for (FieldDescriptor field : fields) {
			Value key = null;
			Value value;
			if (field.isMapField()) {
				Descriptor entry = field.getMessageType();
				key = value(entry.findFieldByNumber(1), plans);
				value = value(entry.findFieldByNumber(2), plans);
			}
			else {
				value = value(field, plans);
			}
			planned.add(new Field(field, "\"" + field.getJsonName() + "\":",
					!field.isRepeated() && !field.hasPresence(), key, value));
		}
		plan.fields = planned.toArray(Field[]::new);
		return plan;
	}

	private static Value value(FieldDescriptor field, Map<Descriptor, Plan> plans) {
		return switch (field.getType()) {
			case INT32, SINT32, SFIXED32 -> new Value(Kind.INT32, null, field);
			case UINT32, FIXED32 -> new Value(Kind.UINT32, null, field);
			case INT64, SINT64, SFIXED64 -> new Value(Kind.INT64, null, field);
			case UINT64, FIXED64 -> new Value(Kind.UINT64, null, field);
			case BOOL -> new Value(Kind.BOOL, null, field);
			case FLOAT -> new Value(Kind.FLOAT, null, field);
			case DOUBLE -> new Value(Kind.DOUBLE, null, field);
			case STRING -> new Value(Kind.STRING, null, field);
			case BYTES -> new Value(Kind.BYTES, null, field);
			case ENUM ->
				new Value(field.getEnumType().getFullName().equals("google.protobuf.NullValue") ? Kind.NULL : Kind.ENUM,
						null, field);
			case MESSAGE, GROUP -> new Value(Kind.MESSAGE, plan(field.getMessageType(), plans), field);
		};
	}

	/** How a value is written. */
	private enum Kind {

		INT32, UINT32, INT64, UINT64, BOOL, FLOAT, DOUBLE, STRING, BYTES, ENUM, NULL, MESSAGE

	}

	/**
	 * One value of a field, of a list's element or a map entry's key or value.
	 *
	 * @param kind how it is written
	 * @param message the plan of a message value
	 * @param field its field, for the map entry's key and value
	 */
	private record Value(Kind kind, Plan message, FieldDescriptor field) {

		void print(Object value, StringBuilder out, boolean quoted) throws InvalidProtocolBufferException {
			switch (this.kind) {
				case INT32 -> quote(out, quoted).append((int) (Integer) value);
				case UINT32 -> quote(out, quoted).append(Integer.toUnsignedString((Integer) value));
				case INT64 -> {
					quoted = true;
					out.append('"').append((long) (Long) value);
				}
				case UINT64 -> {
					quoted = true;
					out.append('"').append(Long.toUnsignedString((Long) value));
				}
				case BOOL -> quote(out, quoted).append((boolean) (Boolean) value);
				case FLOAT -> {
					float number = (Float) value;
					if (Float.isNaN(number) || Float.isInfinite(number)) {
						quoted = true;
					}
					quote(out, quoted).append(Float.isNaN(number) ? "NaN" : Float.isInfinite(number)
							? ((number > 0) ? "Infinity" : "-Infinity") : Float.toString(number));
				}
				case DOUBLE -> {
					double number = (Double) value;
					if (Double.isNaN(number) || Double.isInfinite(number)) {
						quoted = true;
					}
					quote(out, quoted).append(Double.isNaN(number) ? "NaN" : Double.isInfinite(number)
							? ((number > 0) ? "Infinity" : "-Infinity") : Double.toString(number));
				}
				case STRING -> {
					string((String) value, out);
					return;
				}
				case BYTES -> {
					quoted = true;
					out.append('"').append(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
				}
				case ENUM -> {
					EnumValueDescriptor constant = (EnumValueDescriptor) value;
					if (constant.getIndex() == -1) {
						// A number this server's descriptor has no name for.
						quote(out, quoted).append(constant.getNumber());
					}
					else {
						quoted = true;
						out.append('"').append(constant.getName());
					}
				}
				case NULL -> {
					// A map key is never an enum, so never quoted.
					out.append("null");
					return;
				}
				case MESSAGE -> {
					this.message.print((Message) value, out);
					return;
				}
			}
			if (quoted) {
				out.append('"');
			}
		}

		private static StringBuilder quote(StringBuilder out, boolean quoted) {
			return quoted ? out.append('"') : out;
		}

	}

	/**
	 * A field of a message type: its name as printed, with the colon, and how its values
	 * are written (a map's keys and values).
	 *
	 * @param implicit whether it is a singular field without presence, set when not at
	 * its default
	 */
	private record Field(FieldDescriptor descriptor, String name, boolean implicit, Value key, Value value) {

		/**
		 * @return the field's value when the message has the field set (as
		 * {@code getAllFields} has it), otherwise null
		 */
		Object value(Message message) {
			if (this.descriptor.isRepeated()) {
				return (message.getRepeatedFieldCount(this.descriptor) > 0) ? message.getField(this.descriptor) : null;
			}
			if (this.implicit) {
				// What hasField does for such a field, without reading it twice.
				Object value = message.getField(this.descriptor);
				return value.equals(this.descriptor.getDefaultValue()) ? null : value;
			}
			return message.hasField(this.descriptor) ? message.getField(this.descriptor) : null;
		}

		void print(Object value, StringBuilder out) throws InvalidProtocolBufferException {
			out.append(this.name);
			if (!this.descriptor.isRepeated()) {
				this.value.print(value, out, false);
				return;
			}
			List<?> values = (List<?>) value;
			if (this.key != null) {
				out.append('{');
				for (int i = 0; i < values.size(); i++) {
					if (i > 0) {
						out.append(',');
					}
					Message entry = (Message) values.get(i);
					this.key.print(entry.getField(this.key.field()), out, true);
					out.append(':');
					this.value.print(entry.getField(this.value.field()), out, false);
				}
				out.append('}');
				return;
			}
			out.append('[');
			for (int i = 0; i < values.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				this.value.print(values.get(i), out, false);
			}
			out.append(']');
		}

	}

	/** How a message of one type is printed. */
	private static class Plan {

		/** RFC 3339 in UTC, as {@code Timestamps.toString} gives it. */
		static final Plan TIMESTAMP = new Plan() {

			@Override
			void print(Message message, StringBuilder out) throws InvalidProtocolBufferException {
				if (!(message instanceof Timestamp timestamp) || !Timestamps.isValid(timestamp)) {
					// Left to JsonFormat, which refuses a time RFC 3339 cannot write.
					super.print(message, out);
					return;
				}
				// Timestamps.toString's text, without its SimpleDateFormat and
				// String.format: yyyy-MM-ddTHH:mm:ss, the nanoseconds in 3, 6 or 9
				// digits when there are any, Z.
				LocalDateTime time = LocalDateTime.ofEpochSecond(timestamp.getSeconds(), 0, ZoneOffset.UTC);
				out.append('"');
				digits(out, time.getYear(), 4).append('-');
				digits(out, time.getMonthValue(), 2).append('-');
				digits(out, time.getDayOfMonth(), 2).append('T');
				digits(out, time.getHour(), 2).append(':');
				digits(out, time.getMinute(), 2).append(':');
				digits(out, time.getSecond(), 2);
				int nanos = timestamp.getNanos();
				if (nanos != 0) {
					out.append('.');
					if (nanos % 1_000_000 == 0) {
						digits(out, nanos / 1_000_000, 3);
					}
					else if (nanos % 1_000 == 0) {
						digits(out, nanos / 1_000, 6);
					}
					else {
						digits(out, nanos, 9);
					}
				}
				out.append("Z\"");
			}

		};

		/** Seconds with an "s", as {@code Durations.toString} gives it. */
		static final Plan DURATION = new Plan() {

			@Override
			void print(Message message, StringBuilder out) throws InvalidProtocolBufferException {
				if (!(message instanceof Duration duration)) {
					super.print(message, out);
					return;
				}
				out.append('"').append(Durations.toString(duration)).append('"');
			}

		};

		/** A type left to {@code JsonFormat}. */
		static final Plan JSON_FORMAT = new Plan();

		/** In field number order; null for a type left to {@code JsonFormat}. */
		Field[] fields;

		void print(Message message, StringBuilder out) throws InvalidProtocolBufferException {
			if (this.fields == null) {
				out.append(JsonPrinter.JSON_FORMAT.print(message));
				return;
			}
			out.append('{');
			boolean first = true;
			for (Field field : this.fields) {
				Object value = field.value(message);
				if (value != null) {
					if (!first) {
						out.append(',');
					}
					first = false;
					field.print(value, out);
				}
			}
			out.append('}');
		}

	}

	/** A number of 0 or more, in at least so many digits. */
	private static StringBuilder digits(StringBuilder out, int number, int digits) {
		for (int power = 10, i = 1; i < digits; power *= 10, i++) {
			if (number < power) {
				out.append('0');
			}
		}
		return out.append(number);
	}

	/** A JSON string as Gson writes it for {@code JsonFormat}. */
	private static void string(String value, StringBuilder out) {
		out.append('"');
		int from = 0;
		int length = value.length();
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			String escape;
			if (c < 128) {
				escape = ESCAPES[c];
				if (escape == null) {
					continue;
				}
			}
			else if (c == '\u2028') {
				escape = "\\u2028";
			}
			else if (c == '\u2029') {
				escape = "\\u2029";
			}
			else {
				continue;
			}
			out.append(value, from, i).append(escape);
			from = i + 1;
		}
		out.append(value, from, length).append('"');
	}

}
