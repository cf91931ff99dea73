package io.nextbest.engine.ruleset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class loader rule compilation looks up types through: the server's own, with every
 * class lookup remembered, found or not. The Java compiler Drools uses for consequences
 * asks for many names that are no class (it probes each identifier against each import),
 * and MVEL does the same for expressions. In the executable jar every such miss searches
 * each of the jar's nested libraries, which made these lookups about a third of a
 * reload's CPU time. The server's classes never change while it runs, so an answer holds
 * for every later build. It defines no class itself: found classes come from the parent.
 */
public final class CachingClassLoader extends ClassLoader {

	/** Past this many remembered names, the memory starts over (rules name classes). */
	static final int MAX_ENTRIES = 20_000;

	static {
		registerAsParallelCapable();
	}

	private static final CachingClassLoader SERVER = new CachingClassLoader(CachingClassLoader.class.getClassLoader());

	/** Class file bytes by resource name; empty when there is no such class file. */
	private final Map<String, Optional<byte[]>> classFiles = new ConcurrentHashMap<>();

	/** Names of classes the parent does not have. */
	private final Set<String> missingClasses = ConcurrentHashMap.newKeySet();

	/** Resource names the parent does not have. */
	private final Set<String> missingResources = ConcurrentHashMap.newKeySet();

	CachingClassLoader(ClassLoader parent) {
		super("rule-compilation", parent);
	}

	/**
	 * The one shared by every build, so that each reload finds the answers of the last.
	 */
	public static CachingClassLoader server() {
		return SERVER;
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		if (this.missingClasses.contains(name)) {
			throw new ClassNotFoundException(name);
		}
		try {
			return super.loadClass(name, resolve);
		}
		catch (ClassNotFoundException ex) {
			remember(this.missingClasses, name);
			throw ex;
		}
	}

	@Override
	public URL getResource(String name) {
		if (this.missingResources.contains(name)) {
			return null;
		}
		URL url = super.getResource(name);
		if (url == null) {
			remember(this.missingResources, name);
		}
		return url;
	}

	@Override
	public InputStream getResourceAsStream(String name) {
		if (!name.endsWith(".class")) {
			return super.getResourceAsStream(name);
		}
		Optional<byte[]> bytes = this.classFiles.get(name);
		if (bytes == null) {
			bytes = Optional.ofNullable(read(name));
			if (this.classFiles.size() >= MAX_ENTRIES) {
				this.classFiles.clear();
			}
			this.classFiles.put(name, bytes);
		}
		return bytes.map(ByteArrayInputStream::new).orElse(null);
	}

	private byte[] read(String name) {
		try (InputStream in = super.getResourceAsStream(name)) {
			return (in != null) ? in.readAllBytes() : null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + name, ex);
		}
	}

	/** How many lookups are remembered, found or not. */
	int size() {
		return this.classFiles.size() + this.missingClasses.size() + this.missingResources.size();
	}

	private static void remember(Set<String> names, String name) {
		if (names.size() >= MAX_ENTRIES) {
			names.clear();
		}
		names.add(name);
	}

}
