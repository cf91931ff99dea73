package io.nextbest.server.journeys;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * The series of one {@link MultiGauge} read again from the durable counts now and then,
 * each keeping its gauge from one refresh to the next: only its value changes, so a
 * scrape during a refresh never meets a series taken out and put back (which the
 * Prometheus registry can show twice, failing the scrape). A series whose labels are gone
 * is removed. Not thread-safe: the refresh that sets it holds a lock.
 */
final class GaugeSeries {

	private final MultiGauge gauge;

	private final Map<Tags, AtomicLong> values = new HashMap<>();

	GaugeSeries(MultiGauge gauge) {
		this.gauge = gauge;
	}

	/**
	 * @param now every series's value, by its labels
	 */
	void set(Map<Tags, Long> now) {
		this.values.keySet().retainAll(now.keySet());
		now.forEach((tags, value) -> this.values.computeIfAbsent(tags, (t) -> new AtomicLong()).set(value));
		List<MultiGauge.Row<?>> rows = new ArrayList<>(this.values.size());
		this.values.forEach((tags, value) -> rows.add(MultiGauge.Row.of(tags, value, AtomicLong::get)));
		// Not overwritten: a series already there keeps its gauge, which reads the same
		// value holder.
		this.gauge.register(rows, false);
	}

}
