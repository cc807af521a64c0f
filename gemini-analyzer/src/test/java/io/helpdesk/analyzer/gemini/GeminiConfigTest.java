package io.helpdesk.analyzer.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helpdesk.core.model.SkillTaxonomy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("GeminiConfig")
class GeminiConfigTest {
  @Test
  @DisplayName("has current defaults and needs only the API key")
  void defaults() {
    GeminiConfig config = GeminiConfig.builder("secret-key").build();

    assertThat(config.model()).isEqualTo(GeminiConfig.DEFAULT_MODEL).startsWith("gemini-3");
    assertThat(config.apiVersion()).isEqualTo("v1beta");
    assertThat(config.baseUrl()).isEqualTo(URI.create("https://generativelanguage.googleapis.com"));
    assertThat(config.callDeadline()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.maxConcurrentCalls()).isPositive();
    assertThat(config.requestsPerMinute()).isPositive();
    assertThat(config.taxonomy().skills()).isNotEmpty();
  }

  @Test
  @DisplayName("never shows the API key in toString")
  void hidesKey() {
    GeminiConfig config = GeminiConfig.builder("AIza-very-secret").build();

    assertThat(config.toString()).doesNotContain("AIza-very-secret").contains("apiKey=***");
  }

  @Test
  @DisplayName("drops a trailing slash from the base URL")
  void trailingSlash() {
    GeminiConfig config = GeminiConfig.builder("k").baseUrl("http://127.0.0.1:8080/").build();

    assertThat(config.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        invalid("apiKey", builder -> builder.apiKey(null)),
        invalid("apiKey", builder -> builder.apiKey("  ")),
        invalid("model", builder -> builder.model("")),
        invalid("model", builder -> builder.model("../../admin")),
        invalid("apiVersion", builder -> builder.apiVersion("beta")),
        invalid("baseUrl", builder -> builder.baseUrl("ftp://example.com")),
        invalid("baseUrl", builder -> builder.baseUrl("https://example.com/?key=x")),
        invalid("callDeadline", builder -> builder.callDeadline(null)),
        invalid("callDeadline", builder -> builder.callDeadline(Duration.ofMillis(5))),
        invalid("callDeadline", builder -> builder.callDeadline(Duration.ofHours(1))),
        invalid("maxOutputTokens", builder -> builder.maxOutputTokens(0)),
        invalid("temperature", builder -> builder.temperature(Double.NaN)),
        invalid("temperature", builder -> builder.temperature(3)),
        invalid("maxConcurrentCalls", builder -> builder.maxConcurrentCalls(0)),
        invalid("requestsPerMinute", builder -> builder.requestsPerMinute(0)),
        invalid("taxonomy", builder -> builder.taxonomy(null)),
        invalid("taxonomy", builder -> builder.taxonomy(SkillTaxonomy.of(Map.of()))));
  }

  static Arguments invalid(String field, UnaryOperator<GeminiConfig.Builder> change) {
    return Arguments.of(field, change);
  }

  @ParameterizedTest(name = "rejects a bad {0}, naming it")
  @MethodSource("invalid")
  void rejects(String field, UnaryOperator<GeminiConfig.Builder> change) {
    assertThatThrownBy(() -> change.apply(GeminiConfig.builder("key")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GeminiConfig." + field);
  }
}
