package io.nextbest.server.connect;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ChannelDecision;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.RuleSetVersion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The printer gives the same text as {@code JsonFormat}'s, on messages with every field
 * set to values that test the mapping: every type of the API's services filled at random,
 * and a type made here with every kind of field.
 */
class JsonPrinterTest {

	private static final JsonFormat.Printer JSON_FORMAT = JsonFormat.printer().omittingInsignificantWhitespace();

	/** Strings that need escapes, names of other scripts and pairs of surrogates. */
	private static final List<String> STRINGS = List.of("", "plain", "quote \" backslash \\ slash /",
			"tab\tnew line\ncarriage\rform\fbackspace\b", "<script>alert('x') & a=b</script>", "\u0000\u001f\u007f",
			"Zürich, Ελλάδα, 東京, \uD83D\uDE00", "line\u2028paragraph\u2029", "\uD800 lone surrogate");

	@TestFactory
	Stream<DynamicTest> printsEveryMessageOfTheApiAsJsonFormatDoes() {
		return apiMessageTypes().map((type) -> DynamicTest.dynamicTest(type.getFullName(), () -> {
			Random random = new Random(type.getFullName().hashCode());
			JsonPrinter printer = JsonPrinter.of(type);
			for (int i = 0; i < 200; i++) {
				Message message = fill(DynamicMessage.newBuilder(type), random, 0).build();
				assertThat(printer.print(message)).isEqualTo(JSON_FORMAT.print(message));
			}
			assertThat(printer.print(DynamicMessage.getDefaultInstance(type))).isEqualTo("{}");
		}));
	}

	/**
	 * @return every message type of the API's files ({@code nba.v1})
	 */
	static Stream<Descriptor> apiMessageTypes() {
		return Stream
			.of(io.nextbest.api.v1.FunnelRequest.getDescriptor(), io.nextbest.api.v1.Event.getDescriptor(),
					DecideResponse.getDescriptor(), io.nextbest.api.v1.EchoRequest.getDescriptor(),
					io.nextbest.api.v1.GetRuleSetRequest.getDescriptor(),
					io.nextbest.api.v1.CheckRequest.getDescriptor())
			.map(Descriptor::getFile)
			.flatMap((file) -> Stream.concat(Stream.of(file), file.getDependencies().stream()))
			.filter((file) -> file.getPackage().equals("nba.v1"))
			.distinct()
			.flatMap((file) -> file.getMessageTypes().stream());
	}

	@Test
	void printsAGeneratedDecisionAsJsonFormatDoes() throws Exception {
		Random random = new Random(17);
		JsonPrinter printer = JsonPrinter.of(DecideResponse.getDescriptor());
		for (int i = 0; i < 200; i++) {
			DecideResponse decision = DecideResponse.parseFrom(
					fill(DynamicMessage.newBuilder(DecideResponse.getDescriptor()), random, 0).build().toByteString());
			assertThat(printer.print(decision)).isEqualTo(JSON_FORMAT.print(decision));
		}
	}

	@Test
	void escapesEveryCharacterAsJsonFormatDoes() throws Exception {
		StringBuilder all = new StringBuilder();
		for (char c = 0; c < Character.MAX_VALUE; c++) {
			all.append(c);
		}
		DecideResponse decision = DecideResponse.newBuilder()
			.setDecisionId(all.toString())
			.setRuleSet(RuleSetVersion.newBuilder().setVersion("v<1>"))
			.build();

		assertThat(JsonPrinter.of(DecideResponse.getDescriptor()).print(decision))
			.isEqualTo(JSON_FORMAT.print(decision));
	}

	@Test
	void printsAnEnumNumberWithoutANameAsANumber() throws Exception {
		DecideResponse decision = DecideResponse.newBuilder()
			.addChannels(ChannelDecision.newBuilder().setChannelValue(99))
			.addChannels(ChannelDecision.newBuilder().setChannel(Channel.CHANNEL_WEB))
			.setDecidedAt(Timestamp.newBuilder().setSeconds(1_700_000_000).setNanos(120_000_000))
			.build();

		String json = JsonPrinter.of(DecideResponse.getDescriptor()).print(decision);

		assertThat(json).isEqualTo(JSON_FORMAT.print(decision))
			.contains("\"channel\":99", "\"channel\":\"CHANNEL_WEB\"", "\"decidedAt\":\"2023-11-14T22:13:20.120Z\"");
	}

	@Test
	void printsTimesAsJsonFormatDoes() throws Exception {
		JsonPrinter printer = JsonPrinter.of(DecideResponse.getDescriptor());
		for (long seconds : new long[] { -62_135_596_800L, -1, 0, 1, 951_782_400L, 1_700_000_000L, 253_402_300_799L }) {
			for (int nanos : new int[] { 0, 1, 1_000, 1_000_000, 10_000_000, 123_456_789, 999_999_999 }) {
				DecideResponse decision = DecideResponse.newBuilder()
					.setDecidedAt(Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos))
					.build();
				assertThat(printer.print(decision)).isEqualTo(JSON_FORMAT.print(decision));
			}
		}
		DecideResponse beyondYear9999 = DecideResponse.newBuilder()
			.setDecidedAt(Timestamp.newBuilder().setSeconds(253_402_300_800L))
			.build();
		assertThatThrownBy(() -> JSON_FORMAT.print(beyondYear9999)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> printer.print(beyondYear9999)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void printsEveryKindOfFieldAsJsonFormatDoes() throws Exception {
		Descriptor type = everyKindOfField();
		JsonPrinter printer = JsonPrinter.of(type);
		Random random = new Random(3);
		for (int i = 0; i < 2_000; i++) {
			Message message = fill(DynamicMessage.newBuilder(type), random, 0).build();
			assertThat(printer.print(message)).isEqualTo(JSON_FORMAT.print(message));
		}
	}

	/**
	 * Every scalar type singular, optional, in a oneof, repeated and as a map's key and
	 * value, an enum, a nested message, a message of its own type, and the well-known
	 * types JsonFormat prints in forms of their own.
	 */
	static Descriptor everyKindOfField() throws Exception {
		FieldDescriptorProto.Type[] scalars = { FieldDescriptorProto.Type.TYPE_INT32,
				FieldDescriptorProto.Type.TYPE_INT64, FieldDescriptorProto.Type.TYPE_UINT32,
				FieldDescriptorProto.Type.TYPE_UINT64, FieldDescriptorProto.Type.TYPE_SINT32,
				FieldDescriptorProto.Type.TYPE_SINT64, FieldDescriptorProto.Type.TYPE_FIXED32,
				FieldDescriptorProto.Type.TYPE_FIXED64, FieldDescriptorProto.Type.TYPE_SFIXED32,
				FieldDescriptorProto.Type.TYPE_SFIXED64, FieldDescriptorProto.Type.TYPE_BOOL,
				FieldDescriptorProto.Type.TYPE_STRING, FieldDescriptorProto.Type.TYPE_FLOAT,
				FieldDescriptorProto.Type.TYPE_DOUBLE, FieldDescriptorProto.Type.TYPE_BYTES };
		DescriptorProto.Builder all = DescriptorProto.newBuilder().setName("All");
		int number = 1;
		// A real oneof first: the synthetic ones of the optional fields come last.
		int oneof = 0;
		all.addOneofDecl(OneofDescriptorProto.newBuilder().setName("choice"));
		// Fields declared out of number order: printed in number order.
		all.addField(field("last_declared", 1000, FieldDescriptorProto.Type.TYPE_STRING));
		for (FieldDescriptorProto.Type scalar : scalars) {
			String name = scalar.name().substring(5).toLowerCase();
			all.addField(field("a_" + name, number++, scalar));
			all.addField(field("optional_" + name, number++, scalar).setProto3Optional(true)
				.setOneofIndex(all.getOneofDeclCount()));
			all.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_optional_" + name));
			all.addField(field("many_" + name, number++, scalar).setLabel(FieldDescriptorProto.Label.LABEL_REPEATED));
			if (scalar != FieldDescriptorProto.Type.TYPE_FLOAT && scalar != FieldDescriptorProto.Type.TYPE_DOUBLE
					&& scalar != FieldDescriptorProto.Type.TYPE_BYTES) {
				String entry = "By" + name.substring(0, 1).toUpperCase() + name.substring(1) + "Entry";
				all.addNestedType(DescriptorProto.newBuilder()
					.setName(entry)
					.setOptions(MessageOptions.newBuilder().setMapEntry(true))
					.addField(field("key", 1, scalar))
					.addField(field("value", 2, FieldDescriptorProto.Type.TYPE_STRING)));
				all.addField(field("by_" + name, number++, FieldDescriptorProto.Type.TYPE_MESSAGE)
					.setTypeName(".test.All." + entry)
					.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED));
			}
		}
		all.addField(field("chosen_text", number++, FieldDescriptorProto.Type.TYPE_STRING).setOneofIndex(oneof));
		all.addField(field("chosen_number", number++, FieldDescriptorProto.Type.TYPE_INT64).setOneofIndex(oneof));
		all.addField(field("chosen_child", number++, FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(".test.All")
			.setOneofIndex(oneof));
		all.addField(field("channel", number++, FieldDescriptorProto.Type.TYPE_ENUM).setTypeName(".nba.v1.Channel"));
		all.addField(field("channels", number++, FieldDescriptorProto.Type.TYPE_ENUM).setTypeName(".nba.v1.Channel")
			.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED));
		all.addField(field("child", number++, FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(".test.All"));
		all.addField(field("children", number++, FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(".test.All")
			.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED));
		all.addNestedType(DescriptorProto.newBuilder()
			.setName("ChildrenByNameEntry")
			.setOptions(MessageOptions.newBuilder().setMapEntry(true))
			.addField(field("key", 1, FieldDescriptorProto.Type.TYPE_STRING))
			.addField(field("value", 2, FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(".test.All")));
		all.addField(field("children_by_name", number++, FieldDescriptorProto.Type.TYPE_MESSAGE)
			.setTypeName(".test.All.ChildrenByNameEntry")
			.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED));
		for (Descriptor known : List.of(Timestamp.getDescriptor(), Duration.getDescriptor(), Struct.getDescriptor(),
				com.google.protobuf.Int64Value.getDescriptor(), com.google.protobuf.FieldMask.getDescriptor(),
				com.google.protobuf.Empty.getDescriptor())) {
			String name = known.getName().toLowerCase();
			all.addField(field("known_" + name, number++, FieldDescriptorProto.Type.TYPE_MESSAGE)
				.setTypeName("." + known.getFullName()));
			all.addField(field("many_" + name, number++, FieldDescriptorProto.Type.TYPE_MESSAGE)
				.setTypeName("." + known.getFullName())
				.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED));
		}
		FileDescriptorProto file = FileDescriptorProto.newBuilder()
			.setName("test/all.proto")
			.setPackage("test")
			.setSyntax("proto3")
			.addDependency(Channel.getDescriptor().getFile().getName())
			.addDependency(Timestamp.getDescriptor().getFile().getName())
			.addDependency(Duration.getDescriptor().getFile().getName())
			.addDependency(Struct.getDescriptor().getFile().getName())
			.addDependency(com.google.protobuf.Int64Value.getDescriptor().getFile().getName())
			.addDependency(com.google.protobuf.FieldMask.getDescriptor().getFile().getName())
			.addDependency(com.google.protobuf.Empty.getDescriptor().getFile().getName())
			.addMessageType(all)
			.build();
		return FileDescriptor
			.buildFrom(file,
					new FileDescriptor[] { Channel.getDescriptor().getFile(), Timestamp.getDescriptor().getFile(),
							Duration.getDescriptor().getFile(), Struct.getDescriptor().getFile(),
							com.google.protobuf.Int64Value.getDescriptor().getFile(),
							com.google.protobuf.FieldMask.getDescriptor().getFile(),
							com.google.protobuf.Empty.getDescriptor().getFile() })
			.findMessageTypeByName("All");
	}

	private static FieldDescriptorProto.Builder field(String name, int number, FieldDescriptorProto.Type type) {
		return FieldDescriptorProto.newBuilder()
			.setName(name)
			.setNumber(number)
			.setType(type)
			.setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
	}

	/**
	 * Sets each field of the builder with a chance of one in two to a value that tests
	 * the mapping; nested messages to a depth of three.
	 */
	static Message.Builder fill(Message.Builder builder, Random random, int depth) {
		Descriptor type = builder.getDescriptorForType();
		if (type.getFullName().equals("google.protobuf.Timestamp")) {
			// Within the years 0001 to 9999 that RFC 3339 can write.
			return builder
				.setField(type.findFieldByName("seconds"), random.nextLong(-62_135_596_800L, 253_402_300_799L))
				.setField(type.findFieldByName("nanos"), nanos(random));
		}
		if (type.getFullName().equals("google.protobuf.Duration")) {
			long seconds = random.nextLong(-315_576_000_000L, 315_576_000_000L);
			int nanos = nanos(random);
			return builder.setField(type.findFieldByName("seconds"), seconds)
				.setField(type.findFieldByName("nanos"), (seconds < 0) ? -nanos : nanos);
		}
		if (type.getFullName().equals("google.protobuf.Struct")
				|| type.getFullName().equals("google.protobuf.FieldMask")) {
			// Their own forms have rules of their own (field paths, values):
			// JsonFormat's.
			return builder;
		}
		for (FieldDescriptor field : type.getFields()) {
			if (random.nextBoolean() || (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth >= 3)) {
				continue;
			}
			if (field.getRealContainingOneof() != null && builder.hasOneof(field.getRealContainingOneof())) {
				continue;
			}
			if (field.isRepeated()) {
				int count = 1 + random.nextInt(3);
				for (int i = 0; i < count; i++) {
					builder.addRepeatedField(field, value(builder, field, random, depth));
				}
			}
			else {
				builder.setField(field, value(builder, field, random, depth));
			}
		}
		return builder;
	}

	private static int nanos(Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> 0;
			case 1 -> random.nextInt(1000) * 1_000_000;
			case 2 -> random.nextInt(1_000_000) * 1_000;
			default -> random.nextInt(1_000_000_000);
		};
	}

	private static Object value(Message.Builder builder, FieldDescriptor field, Random random, int depth) {
		return switch (field.getJavaType()) {
			case INT -> switch (random.nextInt(4)) {
				case 0 -> 0;
				case 1 -> Integer.MIN_VALUE;
				case 2 -> -1;
				default -> random.nextInt();
			};
			case LONG -> switch (random.nextInt(4)) {
				case 0 -> 0L;
				case 1 -> Long.MIN_VALUE;
				case 2 -> -1L;
				default -> random.nextLong();
			};
			case FLOAT -> new float[] { 0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
					Float.MIN_VALUE, 1e10f, random.nextFloat() * 1000 - 500 }[random.nextInt(8)];
			case DOUBLE -> new double[] { 0d, -0d, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
					Double.MIN_VALUE, 3e-9, random.nextGaussian() * 1e6 }[random.nextInt(8)];
			case BOOLEAN -> random.nextBoolean();
			case STRING -> STRINGS.get(random.nextInt(STRINGS.size()));
			case BYTE_STRING -> {
				byte[] bytes = new byte[random.nextInt(8)];
				random.nextBytes(bytes);
				yield ByteString.copyFrom(bytes);
			}
			case ENUM -> {
				EnumDescriptor type = field.getEnumType();
				// Now and then a number the descriptor has no name for.
				yield (random.nextInt(5) == 0) ? type.findValueByNumberCreatingIfUnknown(100 + random.nextInt(5))
						: type.getValues().get(random.nextInt(type.getValues().size()));
			}
			case MESSAGE -> {
				Message.Builder child = builder.newBuilderForField(field);
				yield fill(child, random, depth + 1).build();
			}
		};
	}

}
