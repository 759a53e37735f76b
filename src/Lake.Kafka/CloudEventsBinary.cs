using System.Buffers;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace Lake.Kafka;

/// <summary>
/// CloudEvents Kafka binary mode (attributes in <c>ce_*</c> headers, the value is the data) turned into the equivalent structured
/// JSON event, which is what the decoder reads and what the raw zone keeps: nothing of the record is lost.
/// </summary>
public static class CloudEventsBinary
{
    public static bool IsBinaryMode(Headers? headers) => headers is not null && headers.TryGetLastBytes("ce_specversion", out _);

    public static byte[] ToStructured(Headers headers, byte[]? value)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (value?.Length ?? 0) * 4 / 3);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var header in headers)
            {
                if (!header.Key.StartsWith("ce_", StringComparison.Ordinal)) continue;
                var name = header.Key["ce_".Length..];
                // A header without a value is an attribute without one: null, which the decoder quarantines where it is required.
                if (header.GetValueBytes() is not { } bytes) { json.WriteNull(name); continue; }
                var text = Encoding.UTF8.GetString(bytes);
                if (name == "dataversion" && int.TryParse(text, out var version)) json.WriteNumber(name, version);
                else json.WriteString(name, text);
            }
            if (headers.TryGetLastBytes("content-type", out var contentType) && contentType is not null) json.WriteString("datacontenttype", Encoding.UTF8.GetString(contentType));
            if (value is null) json.WriteNull("data");
            else if (IsJson(value))
            {
                json.WritePropertyName("data");
                json.WriteRawValue(value, skipInputValidation: true);
            }
            else json.WriteBase64String("data_base64", value);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static bool IsJson(byte[] value)
    {
        try
        {
            var reader = new Utf8JsonReader(value);
            while (reader.Read()) { }
            return value.Length > 0;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
