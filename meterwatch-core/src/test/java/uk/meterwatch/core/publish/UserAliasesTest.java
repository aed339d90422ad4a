package uk.meterwatch.core.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserAliasesTest {
  @Test
  void lettersRunLikeSpreadsheetColumns() {
    assertThat(UserAliases.alias(0)).isEqualTo("User A");
    assertThat(UserAliases.alias(25)).isEqualTo("User Z");
    assertThat(UserAliases.alias(26)).isEqualTo("User AA");
    assertThat(UserAliases.alias(27)).isEqualTo("User AB");
    assertThat(UserAliases.alias(701)).isEqualTo("User ZZ");
    assertThat(UserAliases.alias(702)).isEqualTo("User AAA");
  }
}
