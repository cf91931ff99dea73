package io.nextbest.server.connect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.DecideRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planned reader gives the message {@code JsonFormat}'s parser gives, whenever it
 * reads a text at all; it reads every text of the kinds it plans for; and it leaves the
 * rest to {@code JsonFormat}, so that errors stay {@code JsonFormat}'s.
 */
class JsonRequestReaderTest {

	/** The ways a client may write the same message. */
	private static final List<JsonFormat.Printer> PRINTERS = List.of(JsonFormat.printer(),
			JsonFormat.printer().omittingInsignificantWhitespace(), JsonFormat.printer().preservingProtoFieldNames());

	/**
	 * Defaults shown: also the unplanned fields' (bytes, floats, unsigned), so such a
	 * text is not always read.
	 */
	private static final JsonFormat.Printer WITH_DEFAULTS = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();

	private static final JsonFormat.Parser JSON_FORMAT = JsonFormat.parser();

	@TestFactory
	Stream<DynamicTest> readsEveryMessageOfTheApiAsJsonFormatDoes() {
		return JsonPrinterTest.apiMessageTypes().map((type) -> DynamicTest.dynamicTest(type.getFullName(), () -> {
			Random random = new Random(type.getFullName().hashCode());
			JsonRequestReader reader = JsonRequestReader.of(type);
			for (int i = 0; i < 40; i++) {
				Message message = JsonPrinterTest.fill(DynamicMessage.newBuilder(type), random, 0).build();
				readsAsJsonFormat(reader, message, false);
				readsAsJsonFormat(reader, planned(message), true);
			}
		}));
	}

	@Test
	void readsEveryKindOfFieldItPlansForAsJsonFormatDoes() throws Exception {
		Descriptor type = JsonPrinterTest.everyKindOfField();
		JsonRequestReader reader = JsonRequestReader.of(type);
		Random random = new Random(5);
		for (int i = 0; i < 400; i++) {
			Message message = JsonPrinterTest.fill(DynamicMessage.newBuilder(type), random, 0).build();
			readsAsJsonFormat(reader, message, false);
			readsAsJsonFormat(reader, planned(message), true);
		}
	}

	@Test
	void readsABrowsersDecideRequest() throws Exception {
		String json = """
				{"customerId": "c-1029", "channels": ["CHANNEL_WEB", "CHANNEL_APP"],
				 "context": {"page": "/account/billing", "device": "mobile", "locale": "fr-FR",
				             "attributes": {"campaign": "été", "emoji": "\\uD83D\\uDE00"}},
				 "max_actions": 2, "placements": [{"name": "home-carousel", "channel": "CHANNEL_WEB",
				 "maxActions": 3}], "explain": true}
				""";

		byte[] read = JsonRequestReader.of(DecideRequest.getDescriptor()).read(json);

		DecideRequest.Builder expected = DecideRequest.newBuilder();
		JSON_FORMAT.merge(json, expected);
		assertThat(read).isNotNull();
		DecideRequest request = DecideRequest.parseFrom(read);
		assertThat(request).isEqualTo(expected.build());
		assertThat(request.getChannelsList()).containsExactly(Channel.CHANNEL_WEB, Channel.CHANNEL_APP);
		assertThat(request.getContext().getAttributesMap()).containsEntry("emoji", "\uD83D\uDE00");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "[]", "\"text\"", "{\"customerId\":null}", "{\"nope\":1}",
			"{\"customerId\":\"a\",\"customer_id\":\"b\"}", "{\"customerId\":\"a\",\"customerId\":\"b\"}",
			"{\"customerId\":\"a\"} {}", "{'customerId':'a'}", "{customerId:\"a\"}", "{\"maxActions\":\"3\"}",
			"{\"maxActions\":1.0}", "{\"maxActions\":1e2}", "{\"maxActions\":2147483648}", "{\"channels\":[1]}",
			"{\"channels\":\"CHANNEL_WEB\"}", "{\"channels\":[\"CHANNEL_NOPE\"]}", "{\"channels\":[null]}",
			"{\"customerId\":5}", "{\"explain\":\"true\"}", "{\"context\":\"x\"}", "{\"context\":[]}",
			"{\"context\":{\"attributes\":{\"a\":\"1\",\"a\":\"2\"}}}", "{\"context\":{\"attributes\":{\"a\":3}}}",
			"{\"customerId\":\"\\ud800\"}", "{\"customerId\":\"a\"", "{\"customerId\":\"a\",}" })
	void leavesToJsonFormatWhatItDoesNotTakeOnItself(String json) {
		assertThat(JsonRequestReader.of(DecideRequest.getDescriptor()).read(json)).isNull();
	}

	@Test
	void leavesTwoFieldsOfOneOneofToJsonFormat() throws Exception {
		JsonRequestReader reader = JsonRequestReader.of(JsonPrinterTest.everyKindOfField());

		assertThat(reader.read("{\"chosenText\":\"a\"}")).isNotNull();
		assertThat(reader.read("{\"chosenText\":\"a\",\"chosenNumber\":\"5\"}")).isNull();
	}

	/**
	 * Reads the message as each printer writes it: where the reader reads it, the message
	 * is the one JsonFormat reads; a message of planned kinds only is always read, but
	 * with the defaults shown.
	 */
	private static void readsAsJsonFormat(JsonRequestReader reader, Message message, boolean plannedOnly)
			throws Exception {
		for (JsonFormat.Printer printer : Stream.concat(PRINTERS.stream(), Stream.of(WITH_DEFAULTS)).toList()) {
			String json = printer.print(message);
			byte[] read = reader.read(json);
			if (plannedOnly && printer != WITH_DEFAULTS) {
				assertThat(read).as(json).isNotNull();
			}
			if (read != null) {
				DynamicMessage.Builder expected = DynamicMessage.newBuilder(message.getDescriptorForType());
				JSON_FORMAT.merge(json, expected);
				assertThat(DynamicMessage.parseFrom(message.getDescriptorForType(), read)).as(json)
					.isEqualTo(expected.build());
			}
		}
	}

	/**
	 * The message without what the reader leaves to JsonFormat: unsigned integers,
	 * floats, bytes, the well-known types but Timestamp and Duration, maps keyed by other
	 * than strings, enum numbers without a name, lone surrogates, and doubles out of
	 * JSON's numbers (NaN, the infinities).
	 */
	private static Message planned(Message message) {
		DynamicMessage.Builder kept = DynamicMessage.newBuilder(message.getDescriptorForType());
		for (Map.Entry<FieldDescriptor, Object> set : message.getAllFields().entrySet()) {
			FieldDescriptor field = set.getKey();
			if (!plannedKind(field)) {
				continue;
			}
			if (field.isMapField()) {
				// One entry per key, the last, as a map has it.
				Map<Object, Object> entries = new LinkedHashMap<>();
				for (Object value : (List<?>) set.getValue()) {
					Message entry = (Message) plannedValue(field, value);
					entries.remove(entry.getField(entry.getDescriptorForType().findFieldByNumber(1)));
					entries.put(entry.getField(entry.getDescriptorForType().findFieldByNumber(1)), entry);
				}
				entries.values().forEach((entry) -> kept.addRepeatedField(field, entry));
			}
			else if (field.isRepeated()) {
				for (Object value : (List<?>) set.getValue()) {
					kept.addRepeatedField(field, plannedValue(field, value));
				}
			}
			else {
				kept.setField(field, plannedValue(field, set.getValue()));
			}
		}
		return kept.build();
	}

	private static boolean plannedKind(FieldDescriptor field) {
		if (field.isMapField()) {
			Descriptor entry = field.getMessageType();
			return entry.findFieldByNumber(1).getType() == FieldDescriptor.Type.STRING
					&& plannedKind(entry.findFieldByNumber(2));
		}
		return switch (field.getType()) {
			case UINT32, UINT64, FIXED32, FIXED64, FLOAT, BYTES, GROUP -> false;
			case MESSAGE -> {
				String name = field.getMessageType().getFullName();
				yield !name.startsWith("google.protobuf.") || name.equals("google.protobuf.Timestamp")
						|| name.equals("google.protobuf.Duration");
			}
			default -> true;
		};
	}

	private static Object plannedValue(FieldDescriptor field, Object value) {
		if (field.isMapField()) {
			Message entry = (Message) value;
			FieldDescriptor valueField = entry.getDescriptorForType().findFieldByNumber(2);
			return entry.toBuilder()
				.setField(entry.getDescriptorForType().findFieldByNumber(1),
						plainText((String) entry.getField(entry.getDescriptorForType().findFieldByNumber(1))))
				.setField(valueField, plannedValue(valueField, entry.getField(valueField)))
				.build();
		}
		return switch (field.getType()) {
			case STRING -> plainText((String) value);
			case DOUBLE -> (Double.isNaN((Double) value) || Double.isInfinite((Double) value)
					|| Double.doubleToRawLongBits((Double) value) == Long.MIN_VALUE) ? 1.5 : value;
			case ENUM ->
				(((EnumValueDescriptor) value).getIndex() == -1) ? field.getEnumType().getValues().get(0) : value;
			case MESSAGE ->
				field.getMessageType().getFullName().startsWith("google.protobuf.") ? value : planned((Message) value);
			default -> value;
		};
	}

	private static String plainText(String text) {
		return text.contains("\uD800 lone") ? "was a lone surrogate" : text;
	}

}
