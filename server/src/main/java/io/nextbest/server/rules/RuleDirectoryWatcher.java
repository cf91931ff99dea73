package io.nextbest.server.rules;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.server.system.NextBestProperties;

/**
 * Reloads the rules when a file in the rules directory changes. Changes are coalesced:
 * the reload runs once the directory has been quiet for the configured delay, so an
 * editor saving several files (or writing one in several steps) causes one reload. A
 * change while a reload compiles cancels that compile ({@link CurrentRuleSet#supersede}),
 * so the newer files need not wait for it. The reload runs on this watcher's own thread,
 * never on a request's.
 */
@Component
class RuleDirectoryWatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RuleDirectoryWatcher.class);

	private final CurrentRuleSet rules;

	private final boolean enabled;

	private final Duration delay;

	private final int nice;

	private WatchService watchService;

	private Thread thread;

	private ScheduledExecutorService reloader;

	private ScheduledFuture<?> pending;

	private volatile boolean running;

	RuleDirectoryWatcher(CurrentRuleSet rules, NextBestProperties properties) {
		this.rules = rules;
		this.enabled = properties.rules().watch();
		this.delay = properties.rules().reloadDelay();
		this.nice = properties.rules().reloadNice();
	}

	@Override
	public void start() {
		if (!this.enabled) {
			log.info("Not watching {}: rules reload through the admin API only", this.rules.directory());
			this.running = true;
			return;
		}
		try {
			this.watchService = FileSystems.getDefault().newWatchService();
			registerTree(this.rules.directory());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot watch the rules directory " + this.rules.directory(), ex);
		}
		this.reloader = Executors.newSingleThreadScheduledExecutor(ReloadThreads.factory("rules-reload", this.nice));
		// Saves are to be expected: the compiler gets ready for them in the background.
		this.reloader.execute(this.rules::prepareCompiler);
		this.thread = new Thread(this::watch, "rules-watcher");
		this.thread.setDaemon(true);
		this.running = true;
		this.thread.start();
		log.info("Watching {} for rule changes (reload after {} ms of quiet)", this.rules.directory(),
				this.delay.toMillis());
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.watchService != null) {
			try {
				this.watchService.close();
			}
			catch (IOException ex) {
				log.debug("Closing the rules watcher", ex);
			}
			this.reloader.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void watch() {
		while (this.running) {
			WatchKey key;
			try {
				key = this.watchService.take();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (ClosedWatchServiceException ex) {
				return;
			}
			boolean relevant = false;
			Path folder = (Path) key.watchable();
			for (WatchEvent<?> event : key.pollEvents()) {
				if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
					relevant = true;
					continue;
				}
				Path changed = folder.resolve((Path) event.context());
				if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
					registerQuietly(changed);
					relevant = true;
				}
				else if (isRuleFile(changed) || Files.isDirectory(changed)) {
					relevant = true;
					noticed(changed);
				}
			}
			if (!key.reset()) {
				// The folder is gone; the reload reports a missing directory if it was
				// the root.
				relevant = true;
			}
			if (relevant) {
				// A compile of the files as they were is pointless now.
				this.rules.supersede();
				schedule();
			}
		}
	}

	/** Files changed since the last reload began; guarded by this. */
	private final Set<Path> changes = new HashSet<>();

	private synchronized void noticed(Path changed) {
		this.changes.add(changed);
	}

	/**
	 * @return the files changed since the last reload began (for tests)
	 */
	synchronized Set<Path> pendingChanges() {
		return Set.copyOf(this.changes);
	}

	/**
	 * Runs the pending reload now instead of after the delay (for tests, which cannot
	 * tell a quiet directory from a slow machine by the clock).
	 * @return whether a reload was pending
	 */
	boolean reloadPendingNow() {
		synchronized (this) {
			if (this.pending == null || !this.pending.cancel(false)) {
				return false;
			}
			this.pending = null;
		}
		reload();
		return true;
	}

	/** Every change pushes the reload back, so a burst of writes is one reload. */
	private synchronized void schedule() {
		if (this.pending != null) {
			this.pending.cancel(false);
		}
		this.pending = this.reloader.schedule(this::reload, this.delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void reload() {
		synchronized (this) {
			this.changes.clear();
		}
		try {
			this.rules.reload("file change");
		}
		catch (RuntimeException ex) {
			log.error("Reloading the rules failed", ex);
		}
	}

	private boolean isRuleFile(Path file) {
		Path relative = this.rules.directory().relativize(file);
		return RuleFiles.isRuleFile(relative.toString().replace('\\', '/'));
	}

	private void registerTree(Path root) throws IOException {
		try (Stream<Path> folders = Files.walk(root)) {
			for (Path folder : folders.filter(Files::isDirectory).filter(this::isWatched).toList()) {
				folder.register(this.watchService, StandardWatchEventKinds.ENTRY_CREATE,
						StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
			}
		}
	}

	private void registerQuietly(Path folder) {
		if (!isWatched(folder)) {
			return;
		}
		try {
			registerTree(folder);
		}
		catch (IOException ex) {
			log.warn("Cannot watch new folder {}", folder, ex);
		}
	}

	/** Build folders and hidden ones hold no rules. */
	private boolean isWatched(Path folder) {
		Path relative = this.rules.directory().relativize(folder);
		for (Path part : relative) {
			String name = part.toString();
			if (name.startsWith(".") || name.equals("src") || name.equals("target")) {
				return false;
			}
		}
		return true;
	}

}
