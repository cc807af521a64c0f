package io.helpdesk.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  @DisplayName("reads every JSON type")
  void readsValues() {
    Object value =
        Json.parse(
            "{\"s\":\"a\\\"b\\u00e9\\n\",\"i\":-12,\"d\":1.5e2,\"t\":true,\"n\":null,\"a\":[1,[]]}");

    assertThat(value)
        .isEqualTo(
            mapOf(
                "s",
                "a\"bé\n",
                "i",
                -12L,
                "d",
                new BigDecimal("1.5e2"),
                "t",
                true,
                "n",
                null,
                "a",
                List.of(1L, List.of())));
  }

  @Test
  @DisplayName("rejects malformed input with the offset")
  void rejectsMalformed() {
    for (String bad :
        List.of(
            "{",
            "{\"a\":1,}",
            "[1 2]",
            "\"unterminated",
            "01",
            "{\"a\":1}x",
            "{\"a\":1,\"a\":2}")) {
      assertThatThrownBy(() -> Json.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid JSON at offset");
    }
  }

  @Test
  @DisplayName("refuses pathological nesting instead of overflowing the stack")
  void depthLimit() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nested too deeply");
  }

  @Test
  @DisplayName("writes what it reads")
  void roundTrip() {
    Map<String, Object> value =
        mapOf("k", "line\nbreak \"quoted\" \u0001", "list", List.of(1L, true));
    assertThat(Json.parse(Json.write(value))).isEqualTo(value);
  }

  private static Map<String, Object> mapOf(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
