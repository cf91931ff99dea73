package io.nextbest.engine.ruleset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.nextbest.engine.model.ActionCatalogue;
import io.nextbest.engine.model.JourneyMap;
import io.nextbest.engine.model.RuleDiagnostic;

/**
 * The files of a rule set, by path relative to the rules directory (with {@code /}
 * separators), in a stable order. They are read in one pass so that a rule set is built
 * from one consistent snapshot of the directory, and hashed into its version.
 *
 * @param files the contents by relative path
 */
public record RuleFiles(SortedMap<String, byte[]> files) {

	/** The folder of the scenario files, beside the rules. */
	public static final String SCENARIO_FOLDER = "scenarios";

	/**
	 * Files given as contents.
	 * @param files the contents by relative path
	 */
	public RuleFiles(SortedMap<String, byte[]> files) {
		this.files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
	}

	/**
	 * Files given as contents, in any order.
	 * @param files the contents by relative path
	 * @return the rule files
	 */
	public static RuleFiles of(Map<String, byte[]> files) {
		return new RuleFiles(new TreeMap<>(files));
	}

	/**
	 * Reads the rule files of a directory: {@code actions.yaml},
	 * {@code contact-policy.yaml}, {@code journeys.yaml}, {@code .drl} files, decision
	 * tables ({@code .drl.csv}, {@code .drl.xlsx}) and scenario files ({@code .yaml}
	 * under {@code scenarios/}), in the directory and its sub-folders except build
	 * folders ({@code src}, {@code target}) and hidden ones.
	 * @param directory the rules directory
	 * @return the files
	 * @throws RuleSetException when the directory does not exist
	 */
	public static RuleFiles read(Path directory) {
		return read(directory, Long.MAX_VALUE, null);
	}

	/**
	 * Reads the rule files of a directory as {@link #read(Path)} does, within limits: a
	 * file over the file limit is read only as far as its first byte over it, so that
	 * {@link RuleSetLimits#check} reports it without the server holding all of it.
	 * @param directory the rules directory
	 * @param limits the limits
	 * @return the files
	 * @throws RuleSetException when the directory does not exist, or its rule files
	 * together are over the rule set limit (then nothing is read)
	 */
	public static RuleFiles read(Path directory, RuleSetLimits limits) {
		return read(directory, limits.maxFileSize(), limits);
	}

	/**
	 * @param limits the rule set limit to check before reading, or null for none
	 */
	private static RuleFiles read(Path directory, long maxFileSize, RuleSetLimits limits) {
		SortedMap<String, Path> paths = paths(directory);
		if (limits != null) {
			long total = 0;
			for (Path path : paths.values()) {
				total += size(path);
			}
			if (total > limits.maxRuleSetSize()) {
				throw new RuleSetException(directory.toString(),
						List.of(new RuleDiagnostic(directory.toString(), 0, 0, limits.ruleSetTooLarge(total))));
			}
		}
		SortedMap<String, byte[]> files = new TreeMap<>();
		paths.forEach((name, path) -> readInto(files, name, path, maxFileSize));
		return new RuleFiles(files);
	}

	/** The rule files of a directory, by relative path. */
	private static SortedMap<String, Path> paths(Path directory) {
		if (!Files.isDirectory(directory)) {
			throw new RuleSetException(directory.toString(),
					List.of(new RuleDiagnostic(directory.toString(), 0, 0, "not a directory")));
		}
		SortedMap<String, Path> files = new TreeMap<>();
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.filter(Files::isRegularFile).toList()) {
				String name = directory.relativize(path).toString().replace('\\', '/');
				if (isRuleFile(name)) {
					files.put(name, path);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read rules directory " + directory, ex);
		}
		return files;
	}

	private static long size(Path path) {
		try {
			return Files.size(path);
		}
		catch (NoSuchFileException ex) {
			return 0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read rule file " + path, ex);
		}
	}

	/**
	 * Whether a path, relative to the rules directory, is part of the rule set. Editors'
	 * temporary files ({@code .#x.drl}, {@code x.drl~}, {@code x.drl.swp}) are not.
	 * @param name the relative path, with {@code /} separators
	 * @return true for rule files
	 */
	public static boolean isRuleFile(String name) {
		String[] parts = name.split("/");
		for (int i = 0; i < parts.length - 1; i++) {
			if (parts[i].startsWith(".") || parts[i].equals("src") || parts[i].equals("target")) {
				return false;
			}
		}
		String file = parts[parts.length - 1];
		if (file.startsWith(".") || file.startsWith("~$")) {
			return false;
		}
		if (file.equals(ActionCatalogue.FILE_NAME) || file.equals(ContactPolicyLoader.FILE_NAME)
				|| file.equals(JourneyMap.FILE_NAME)) {
			return true;
		}
		if (isScenarioFile(name)) {
			return true;
		}
		return file.endsWith(".drl") || isDecisionTable(file);
	}

	/** Scenario files are the YAML files under {@code scenarios/}. */
	public static boolean isScenarioFile(String name) {
		return name.startsWith(SCENARIO_FOLDER + "/") && (name.endsWith(".yaml") || name.endsWith(".yml"));
	}

	static boolean isDecisionTable(String name) {
		return name.endsWith(".drl.csv") || name.endsWith(".drl.xlsx");
	}

	/**
	 * @return the relative paths, sorted
	 */
	public List<String> names() {
		return List.copyOf(this.files.keySet());
	}

	/**
	 * A file's content as text.
	 * @param name the relative path
	 * @return the content decoded as UTF-8, or null when there is no such file
	 */
	public String text(String name) {
		byte[] content = this.files.get(name);
		return (content != null) ? new String(content, StandardCharsets.UTF_8) : null;
	}

	/**
	 * These files with others added or replaced.
	 * @param changes the files to add or replace
	 * @return the combined files
	 */
	public RuleFiles with(Map<String, byte[]> changes) {
		SortedMap<String, byte[]> combined = new TreeMap<>(this.files);
		combined.putAll(changes);
		return new RuleFiles(combined);
	}

	/**
	 * @return the first 12 hex digits of a SHA-256 over every path and content
	 */
	public String hash() {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (Map.Entry<String, byte[]> file : this.files.entrySet()) {
				digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
				digest.update(file.getValue());
				digest.update((byte) 0);
			}
			return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void readInto(Map<String, byte[]> files, String name, Path path, long maxFileSize) {
		try (InputStream in = Files.newInputStream(path)) {
			// One byte over the limit tells that the file is over it.
			int most = (maxFileSize < Integer.MAX_VALUE - 8) ? (int) maxFileSize + 1 : Integer.MAX_VALUE - 8;
			files.put(name, in.readNBytes(most));
		}
		catch (NoSuchFileException ex) {
			// Deleted between listing and reading (an editor's save in progress): the
			// change that deleted it triggers another reload.
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read rule file " + path, ex);
		}
	}

}
