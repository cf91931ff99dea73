package io.nextbest.server.grpc;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.google.protobuf.ProtocolMessageEnum;

/**
 * Maps a protobuf enum (values prefixed, with an UNSPECIFIED zero) to the domain enum of
 * the same names, both ways, through arrays built once. A value with no counterpart fails
 * at startup, not on a request.
 *
 * @param <P> the protobuf enum
 * @param <D> the domain enum
 */
final class EnumMapping<P extends Enum<P> & ProtocolMessageEnum, D extends Enum<D>> {

	private final Object[] toDomain;

	private final P[] toProto;

	private final String valid;

	@SuppressWarnings("unchecked")
	EnumMapping(Class<P> protoType, String prefix, Class<D> domainType) {
		P[] protos = protoType.getEnumConstants();
		this.toDomain = new Object[protos.length];
		this.toProto = (P[]) java.lang.reflect.Array.newInstance(protoType, domainType.getEnumConstants().length);
		for (P proto : protos) {
			if (proto.name().equals("UNRECOGNIZED") || proto.getNumber() == 0) {
				continue;
			}
			D domain = Enum.valueOf(domainType, proto.name().substring(prefix.length()));
			this.toDomain[proto.ordinal()] = domain;
			this.toProto[domain.ordinal()] = proto;
		}
		for (D domain : domainType.getEnumConstants()) {
			if (this.toProto[domain.ordinal()] == null) {
				throw new IllegalStateException(
						domainType.getSimpleName() + "." + domain + " has no " + prefix + domain);
			}
		}
		this.valid = Arrays.stream(domainType.getEnumConstants())
			.map((d) -> prefix + d.name())
			.collect(Collectors.joining(", "));
	}

	/**
	 * The domain value of a request's enum field.
	 * @throws InvalidArgumentException for the UNSPECIFIED zero or a number this server
	 * does not know
	 */
	@SuppressWarnings("unchecked")
	D fromProto(P value, String field) {
		D domain = (D) this.toDomain[value.ordinal()];
		if (domain == null) {
			String got = value.name().equals("UNRECOGNIZED") ? "an unknown value" : value.name();
			throw new InvalidArgumentException(field, "must be one of " + this.valid + ", got " + got);
		}
		return domain;
	}

	P toProto(D value) {
		return this.toProto[value.ordinal()];
	}

	/** The domain value's name as users type it: {@code contact-centre}. */
	static String display(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
