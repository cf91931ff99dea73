package io.nextbest.server.rules;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nextbest.engine.ruleset.Problems;

/**
 * A JVM the server starts for heavy work that must not run at the priority of the
 * decisions it serves, nor share their heap and garbage collections: the rule compiler
 * ({@link RuleCompilerProcess}) and a what-if's worker. It runs this JVM's {@code java}
 * on this JVM's class path (the server's executable jar or a list of entries), through
 * {@code nice} where there is one, and what it writes on its standard error goes to the
 * server's log.
 */
public final class ChildJvm {

	/** Runs a main class of an executable jar's choosing ({@code loader.main}). */
	private static final String LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	/** The longest line of a process's log relayed to the server's. */
	private static final int MAX_LOG_LINE = 2000;

	private ChildJvm() {
	}

	/**
	 * The command that starts a main class of the server's on this JVM's class path.
	 * @param mainClass the class whose {@code main} runs
	 * @param nice the Linux nice value, 0 to 19
	 * @param jvmOptions options of the JVM (heap, collector)
	 * @return the command
	 */
	public static List<String> command(String mainClass, int nice, List<String> jvmOptions) {
		return command(mainClass, nice, jvmOptions, System.getProperty("java.class.path"));
	}

	/**
	 * The command that starts a main class on a class path: a list of entries, or a
	 * single executable jar of the server's.
	 */
	static List<String> command(String mainClass, int nice, List<String> jvmOptions, String classPath) {
		List<String> command = new ArrayList<>();
		Path niceCommand = onPath("nice");
		if (nice > 0 && niceCommand != null) {
			command.addAll(List.of(niceCommand.toString(), "-n", Integer.toString(nice)));
		}
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(classPath);
		boolean executableJar = !classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")
				&& hasLauncher(Path.of(classPath));
		if (executableJar) {
			// The server's classes and libraries are nested in the jar: its launcher
			// finds them.
			command.add("-Dloader.main=" + mainClass);
			command.add(LAUNCHER);
		}
		else {
			command.add(mainClass);
		}
		return command;
	}

	/**
	 * Starts a process and relays its standard error into a log, as warnings.
	 * @param command the command ({@link #command})
	 * @param name what the process is, for the log and the relaying thread
	 * @param log where its lines go
	 * @return the process
	 * @throws IOException when it cannot be started
	 */
	public static Process start(List<String> command, String name, Logger log) throws IOException {
		Process started = new ProcessBuilder(command).start();
		Thread relay = new Thread(() -> relay(started.getErrorStream(), name + " " + started.pid(), log),
				name.replace(' ', '-') + "-log");
		relay.setDaemon(true);
		relay.start();
		log.info("Started {} {}", name, started.pid());
		log.debug("{} command: {}", name, command);
		return started;
	}

	/**
	 * In the child: its standard output for its answers to the server alone, buffered.
	 * {@code System.out} goes to standard error from then on, and logging (to standard
	 * error, which the server relays) keeps warnings and errors only.
	 * @return the answers' stream
	 */
	public static DataOutputStream answers() {
		DataOutputStream out = new DataOutputStream(
				new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
		System.setOut(System.err);
		Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
		if (root instanceof ch.qos.logback.classic.Logger logback) {
			logback.setLevel(Level.WARN);
		}
		return out;
	}

	/**
	 * In the child: its standard input, where the server's requests come, buffered.
	 * @return the requests' stream
	 */
	public static DataInputStream requests() {
		return new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
	}

	private static void relay(InputStream errors, String source, Logger log) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(errors, StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				log.warn("{}: {}", source, Problems.cut(line, MAX_LOG_LINE));
			}
		}
		catch (IOException ex) {
			// The process ended.
		}
	}

	private static boolean hasLauncher(Path jar) {
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			return zip.getEntry(LAUNCHER.replace('.', '/') + ".class") != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static Path onPath(String program) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (directory.isBlank()) {
				continue;
			}
			Path candidate = Path.of(directory, program);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

}
