package io.nextbest.server.system;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The startup log names the store's absolute file, and never a URL's password. */
class StoreLocationTest {

	@Test
	void relativeEmbeddedFileIsLoggedAbsolute() {
		assertThat(StoreLocation.describe("jdbc:h2:file:./data/nextbest;WRITE_DELAY=0"))
			.isEqualTo("file " + Path.of("data/nextbest.mv.db").toAbsolutePath().normalize());
	}

	@Test
	void homeDirectoryIsSpelledOut() {
		assertThat(StoreLocation.describe("jdbc:h2:~/nextbest"))
			.isEqualTo("file " + Path.of(System.getProperty("user.home"), "nextbest.mv.db").normalize());
	}

	@Test
	void inMemoryDatabaseSaysNothingSurvives() {
		assertThat(StoreLocation.describe("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1"))
			.isEqualTo("in memory (jdbc:h2:mem:test): nothing survives a restart");
	}

	@Test
	void serverUrlLosesItsParametersAndSoItsPassword() {
		assertThat(StoreLocation.describe("jdbc:postgresql://127.0.0.1:5432/nextbest?user=nb&password=secret"))
			.isEqualTo("jdbc:postgresql://127.0.0.1:5432/nextbest");
	}

	@Test
	void embeddedFileIsFoundBehindFileSystemPrefixes() {
		assertThat(StoreLocation.embeddedFile("jdbc:h2:nio:file:/var/lib/nextbest/contexts;WRITE_DELAY=0"))
			.contains(Path.of("/var/lib/nextbest/contexts.mv.db"));
		assertThat(StoreLocation.embeddedFile("jdbc:h2:./data/nextbest"))
			.contains(Path.of("data/nextbest.mv.db").toAbsolutePath().normalize());
	}

	@Test
	void noEmbeddedFileInMemoryOrOnAServer() {
		assertThat(StoreLocation.embeddedFile("jdbc:h2:mem:test")).isEmpty();
		assertThat(StoreLocation.embeddedFile("jdbc:h2:tcp://localhost/nextbest")).isEmpty();
		assertThat(StoreLocation.embeddedFile("jdbc:postgresql://127.0.0.1:5432/nextbest")).isEmpty();
	}

}
