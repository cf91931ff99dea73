package io.nextbest.server.journeys;

import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The journey and voice metrics' series: set again, they keep their gauges. */
class GaugeSeriesTest {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final GaugeSeries series = new GaugeSeries(MultiGauge.builder("test.series").register(this.registry));

	@Test
	void settingAgainChangesTheValuesNotTheGauges() {
		this.series.set(Map.of(Tags.of("stage", "onboarding"), 1L));
		Gauge before = this.registry.get("test.series").tag("stage", "onboarding").gauge();

		this.series.set(Map.of(Tags.of("stage", "onboarding"), 3L));

		// The same gauge, so a scrape in the middle of a refresh never meets the series
		// taken out and put back.
		Gauge after = this.registry.get("test.series").tag("stage", "onboarding").gauge();
		assertThat(after).isSameAs(before);
		assertThat(after.value()).isEqualTo(3);
	}

	@Test
	void aSeriesWhoseLabelsAreGoneIsRemovedAndANewOneAdded() {
		this.series.set(Map.of(Tags.of("stage", "onboarding"), 1L));

		this.series.set(Map.of(Tags.of("stage", "adoption"), 4L));

		assertThat(this.registry.find("test.series").tag("stage", "onboarding").gauge()).isNull();
		assertThat(this.registry.get("test.series").tag("stage", "adoption").gauge().value()).isEqualTo(4);
	}

}
