package io.nextbest.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import com.google.protobuf.ProtocolMessageEnum;
import io.nextbest.api.v1.CaseSeverity;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.Outcome;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.SurveyType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The names users type for the values of an API enum: lower case, without the prefix
 * every value of the enum shares, words joined by hyphens ({@code CHANNEL_CONTACT_CENTRE}
 * is {@code contact-centre}). Underscores are accepted in place of hyphens. It is both
 * the converter of the enum's options and the list of valid values their help shows.
 */
class EnumNames<E extends Enum<E> & ProtocolMessageEnum> implements ITypeConverter<E>, Iterable<String> {

	private final Class<E> type;

	EnumNames(Class<E> type) {
		this.type = type;
	}

	/**
	 * The name of a value as the tool prints it.
	 * @param value an enum value of the API
	 * @return its short lower-case name
	 */
	static String of(Enum<?> value) {
		String name = value.name();
		String prefix = prefix(value.getDeclaringClass());
		String bare = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
		return bare.toLowerCase(Locale.ROOT).replace('_', '-');
	}

	@Override
	public E convert(String text) {
		String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
		for (E value : valid()) {
			if (of(value).equals(wanted)) {
				return value;
			}
		}
		throw new TypeConversionException("expected one of " + String.join(", ", this) + " but was '" + text + "'");
	}

	@Override
	public Iterator<String> iterator() {
		List<String> names = new ArrayList<>();
		valid().forEach((value) -> names.add(of(value)));
		return names.iterator();
	}

	private List<E> valid() {
		List<E> values = new ArrayList<>();
		for (E value : this.type.getEnumConstants()) {
			// Protobuf adds UNRECOGNIZED for numbers it does not know; neither it nor the
			// zero value is ever a valid choice.
			if (!value.name().equals("UNRECOGNIZED") && !value.name().endsWith("_UNSPECIFIED")) {
				values.add(value);
			}
		}
		return values;
	}

	private static String prefix(Class<?> type) {
		for (Object constant : type.getEnumConstants()) {
			String name = ((Enum<?>) constant).name();
			if (name.endsWith("_UNSPECIFIED")) {
				return name.substring(0, name.length() - "UNSPECIFIED".length());
			}
		}
		return "";
	}

	static final class Channels extends EnumNames<Channel> {

		Channels() {
			super(Channel.class);
		}

	}

	static final class Purposes extends EnumNames<Purpose> {

		Purposes() {
			super(Purpose.class);
		}

	}

	static final class Stages extends EnumNames<JourneyStage> {

		Stages() {
			super(JourneyStage.class);
		}

	}

	static final class Severities extends EnumNames<CaseSeverity> {

		Severities() {
			super(CaseSeverity.class);
		}

	}

	static final class ConsentStatuses extends EnumNames<ConsentStatus> {

		ConsentStatuses() {
			super(ConsentStatus.class);
		}

	}

	static final class SurveyTypes extends EnumNames<SurveyType> {

		SurveyTypes() {
			super(SurveyType.class);
		}

	}

	static final class Outcomes extends EnumNames<Outcome> {

		Outcomes() {
			super(Outcome.class);
		}

	}

}
