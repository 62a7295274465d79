"""The node types, method and member names and patterns the Kotlin flow matches code against."""

from __future__ import annotations

import re

_CONST_NAME = re.compile(r"^_*[A-Z][A-Z0-9_]*$")
_COMMENTS = ("line_comment", "block_comment", "comment")

# Calls that return their receiver's text reshaped: as risky as the receiver (and their arguments).
_PASSTHROUGH = {
    "trim", "trimIndent", "trimMargin", "trimStart", "trimEnd", "lowercase", "uppercase", "toLowerCase",
    "toUpperCase", "toString", "removeSuffix", "removePrefix", "removeSurrounding", "replace", "prependIndent",
    "replaceIndent", "take", "takeLast", "drop", "dropLast", "substring", "padStart", "padEnd", "plus",
    "requireNotNull", "checkNotNull", "orEmpty", "ifBlank", "ifEmpty", "capitalize", "replaceFirstChar",
}  # fmt: skip
_NUMERIC_METHODS = {
    "toInt", "toLong", "toShort", "toByte", "toDouble", "toFloat", "toBigDecimal", "toBigInteger", "toIntOrNull",
    "toLongOrNull", "toDoubleOrNull", "toUInt", "toULong", "count", "sum", "sumOf", "size", "coerceIn",
    "coerceAtMost", "coerceAtLeast", "roundToInt", "roundToLong", "parseInt", "parseLong", "parseDouble",
    "maxOf", "minOf", "abs", "ordinal", "hashCode", "nextInt", "nextLong", "currentTimeMillis", "nanoTime",
    "toEpochMilli", "epochSecond", "indexOf", "lastIndexOf", "compareTo", "isEmpty", "isNotEmpty", "isBlank",
    "isNotBlank", "contains", "toBoolean", "toBooleanStrict",
}  # fmt: skip
# Values that cannot carry SQL text: numbers, UUIDs, dates (their text is digits and separators).
_NUMERIC_CALLEE = re.compile(
    r"^(?:java\.util\.)?UUID\.(?:fromString|randomUUID|nameUUIDFromBytes)$|^(?:Integer|Long|Int|Double|Short)\.(?:parseInt"
    r"|parseLong|valueOf|parseDouble)$|^(?:LocalDate|LocalDateTime|Instant|OffsetDateTime|ZonedDateTime|LocalTime)\.\w+$"
    r"|^(?:Math|kotlin\.math)\.\w+$"
)
_SAFE_METHODS = {
    "escapeSql",
    "quoteIdentifier",
    "enquoteIdentifier",
    "enquoteLiteral",
    "quote",
    "escape",
    "placeholders",
}
_FORMAT_RECEIVERS = {"String", "java.lang.String"}
_ENV = re.compile(r"^System\.(?:getenv|getProperty)$")
# Member names that are numbers whatever their owner.
_NUMERIC_MEMBERS = {"size", "length", "lastIndex", "ordinal", "epochSecond", "nano", "year", "monthValue", "dayOfMonth"}
# Collections written out in place: their arguments are the elements.
_COLLECTION_BUILDERS = {
    "listOf", "setOf", "arrayOf", "mutableListOf", "mutableSetOf", "arrayListOf", "hashSetOf", "linkedSetOf",
    "sortedSetOf", "listOfNotNull",
}  # fmt: skip
_BUILDER_TYPES = {"StringBuilder", "java.lang.StringBuilder", "StringBuffer"}
_APPENDS = {"append", "appendLine"}
