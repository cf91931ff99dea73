package io.nextbest.server.context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.nextbest.engine.context.CustomerContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows written by earlier versions of the server read back as the contexts they held. The
 * bytes under {@code stored-contexts/format-N} were written by the codec of format N from
 * the {@link StoredContextFixtures fixtures}, before the server wrote any later format;
 * they are never regenerated.
 */
class StoredContextFormatsTest {

	static Stream<Arguments> formatOneRows() {
		return StoredContextFixtures.all()
			.entrySet()
			.stream()
			.map((fixture) -> Arguments.of(fixture.getKey(), fixture.getValue()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("formatOneRows")
	void rowOfFormatOneReadsBackAsTheContextItHeld(String name, Supplier<CustomerContext> fixture) {
		CustomerContext read = ContextCodec.decode(storedRow(1, name));

		assertThat(read).usingRecursiveComparison().isEqualTo(fixture.get());
	}

	/**
	 * The bytes of a fixture as a version writing the given format stored them.
	 * @param format the format
	 * @param name the fixture
	 * @return the row's context column
	 */
	static byte[] storedRow(int format, String name) {
		String resource = "/stored-contexts/format-" + format + "/" + name + ".bin";
		try (InputStream in = StoredContextFormatsTest.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("No fixture " + resource);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
