package io.nextbest.engine.ruleset;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Rule compilation asks the class loader the same questions on every reload; each is
 * answered by the server's class loader once.
 */
class CachingClassLoaderTest {

	private final CountingClassLoader parent = new CountingClassLoader(getClass().getClassLoader());

	private final CachingClassLoader loader = new CachingClassLoader(this.parent);

	@Test
	void asksForAMissingClassOnce() {
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> this.loader.loadClass("io.nextbest.rules.Customer"));
		}

		assertThat(this.parent.asked).containsExactly("class io.nextbest.rules.Customer");
	}

	@Test
	void loadsFoundClassesFromTheParent() throws ClassNotFoundException {
		assertThat(this.loader.loadClass("io.nextbest.facts.Customer")).isSameAs(io.nextbest.facts.Customer.class);
	}

	@Test
	void readsAClassFileOnceAndServesTheSameBytes() throws IOException {
		String name = "io/nextbest/facts/Customer.class";
		byte[] first;
		try (InputStream in = this.loader.getResourceAsStream(name)) {
			first = in.readAllBytes();
		}
		byte[] second;
		try (InputStream in = this.loader.getResourceAsStream(name)) {
			second = in.readAllBytes();
		}

		assertThat(second).isEqualTo(first).isNotEmpty();
		assertThat(this.parent.asked).containsExactly("resource " + name);
	}

	@Test
	void asksForAMissingClassFileOrResourceOnce() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.loader.getResourceAsStream("io/nextbest/rules/stage.class")).isNull();
			assertThat(this.loader.getResource("io/nextbest/rules/stage")).isNull();
		}

		assertThat(this.parent.asked).containsExactly("resource io/nextbest/rules/stage.class",
				"resource io/nextbest/rules/stage");
	}

	@Test
	void startsOverPastItsLimit() {
		for (int i = 0; i <= CachingClassLoader.MAX_ENTRIES; i++) {
			this.loader.getResource("missing/" + i);
		}

		assertThat(this.loader.size()).isLessThanOrEqualTo(CachingClassLoader.MAX_ENTRIES);
	}

	/** Records what it is asked for. */
	private static final class CountingClassLoader extends ClassLoader {

		private final List<String> asked = new ArrayList<>();

		CountingClassLoader(ClassLoader parent) {
			super(parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (name.startsWith("io.nextbest.")) {
				this.asked.add("class " + name);
			}
			return super.loadClass(name, resolve);
		}

		@Override
		public URL getResource(String name) {
			this.asked.add("resource " + name);
			return super.getResource(name);
		}

	}

}
