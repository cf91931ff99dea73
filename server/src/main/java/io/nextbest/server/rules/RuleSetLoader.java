package io.nextbest.server.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.builder.ResultSeverity;
import org.kie.internal.io.ResourceFactory;

import io.nextbest.server.policy.ContactPolicy;
import io.nextbest.server.policy.ContactPolicyLoader;

/**
 * Reads a rules directory into a {@link RuleSet}: the action catalogue
 * ({@code actions.yaml}), the optional contact policy ({@code contact-policy.yaml}) and
 * every {@code .drl} file below the directory (build folders {@code src} and
 * {@code target} and hidden folders excepted). Everything is checked before anything is
 * returned: YAML and DRL syntax, compile errors, and every action a rule proposes must be
 * in the catalogue. Any problem fails the whole load, with file, line and column.
 */
public final class RuleSetLoader {

	/** A literal action id in a rule: {@code Propose.action("welcome-guide")}. */
	private static final Pattern PROPOSED_ACTION = Pattern.compile("\\baction\\(\\s*\"([^\"]*)\"");

	private RuleSetLoader() {
	}

	/**
	 * Loads and validates a rules directory.
	 * @param directory the rules directory
	 * @param clock tells when the rule set is loaded
	 * @return the rule set
	 * @throws RuleSetException listing every problem, when the files are invalid
	 */
	public static RuleSet load(Path directory, Clock clock) {
		Map<String, String> files = read(directory);
		List<RuleDiagnostic> diagnostics = new ArrayList<>();
		String catalogueText = files.get(ActionCatalogue.FILE_NAME);
		if (catalogueText == null) {
			diagnostics.add(new RuleDiagnostic(ActionCatalogue.FILE_NAME, 0, 0,
					"missing: the rules directory needs an action catalogue"));
		}
		ActionCatalogue catalogue = ActionCatalogue.parse((catalogueText != null) ? catalogueText : "actions: []",
				diagnostics);
		String policyText = files.get(ContactPolicyLoader.FILE_NAME);
		ContactPolicy contactPolicy = (policyText != null)
				? ContactPolicyLoader.parse(policyText, catalogue, diagnostics) : ContactPolicy.NONE;
		KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
		List<String> drlFiles = new ArrayList<>();
		for (Map.Entry<String, String> file : files.entrySet()) {
			if (file.getKey().endsWith(".drl")) {
				drlFiles.add(file.getKey());
				builder.add(ResourceFactory.newByteArrayResource(file.getValue().getBytes(StandardCharsets.UTF_8))
					.setSourcePath(file.getKey()), ResourceType.DRL);
				checkActions(file.getKey(), file.getValue(), catalogue, catalogueText != null, diagnostics);
			}
		}
		if (drlFiles.isEmpty()) {
			diagnostics.add(new RuleDiagnostic(directory.toString(), 0, 0, "no .drl rule files found"));
		}
		for (KnowledgeBuilderResult result : builder.getResults(ResultSeverity.ERROR)) {
			diagnostics.add(diagnostic(result));
		}
		if (!diagnostics.isEmpty()) {
			throw new RuleSetException(directory.toString(), diagnostics);
		}
		RuleSetVersion version = new RuleSetVersion(hash(files), clock.instant());
		return new RuleSet(builder.newKieBase(), catalogue, version, List.copyOf(files.keySet()), contactPolicy);
	}

	private static void checkActions(String file, String drl, ActionCatalogue catalogue, boolean haveCatalogue,
			List<RuleDiagnostic> diagnostics) {
		String[] lines = drl.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			if (line.strip().startsWith("//") || line.strip().startsWith("#")) {
				continue;
			}
			Matcher matcher = PROPOSED_ACTION.matcher(line);
			while (matcher.find()) {
				String id = matcher.group(1);
				if (haveCatalogue && !catalogue.isDeclared(id)) {
					diagnostics.add(new RuleDiagnostic(file, i + 1, matcher.start(1) + 1, "unknown action '" + id
							+ "': it is not in " + ActionCatalogue.FILE_NAME + " (known: " + catalogue.ids() + ")"));
				}
			}
		}
	}

	private static RuleDiagnostic diagnostic(KnowledgeBuilderResult result) {
		String file = (result.getResource() != null && result.getResource().getSourcePath() != null)
				? result.getResource().getSourcePath() : "?";
		int[] lines = result.getLines();
		int line = (lines != null && lines.length > 0) ? lines[0] : 0;
		int column = result.asMessage(0).getColumn();
		String message = result.getMessage().strip().replaceAll("\\s+", " ");
		return new RuleDiagnostic(file, Math.max(line, 0), Math.max(column, 0), message);
	}

	/** The rule files by path relative to the directory, in a stable order. */
	private static Map<String, String> read(Path directory) {
		if (!Files.isDirectory(directory)) {
			throw new RuleSetException(directory.toString(),
					List.of(new RuleDiagnostic(directory.toString(), 0, 0, "not a directory")));
		}
		Map<String, String> files = new TreeMap<>();
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.filter(Files::isRegularFile).filter((p) -> isRuleFile(directory, p)).forEach((p) -> {
				String name = directory.relativize(p).toString().replace('\\', '/');
				files.put(name, readString(p));
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read rules directory " + directory, ex);
		}
		return files;
	}

	private static boolean isRuleFile(Path directory, Path file) {
		Path relative = directory.relativize(file);
		for (int i = 0; i < relative.getNameCount() - 1; i++) {
			String folder = relative.getName(i).toString();
			if (folder.startsWith(".") || folder.equals("src") || folder.equals("target")) {
				return false;
			}
		}
		String name = relative.toString();
		return name.endsWith(".drl") || name.equals(ActionCatalogue.FILE_NAME)
				|| name.equals(ContactPolicyLoader.FILE_NAME);
	}

	private static String readString(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read rule file " + file, ex);
		}
	}

	private static String hash(Map<String, String> files) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (Map.Entry<String, String> file : files.entrySet()) {
				digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
				digest.update(file.getValue().getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
			}
			return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
