// Streaming writers for the API's values. The record renderers in
// record_render.h write each record once, as calls on a sink, and the sink
// turns them into JSON (the API's wire format) or MessagePack (a binary
// body for language bindings whose JSON decoder is slow). Both sinks take
// the same calls, so the two formats always carry the same value.
//
// A sink's calls: StartObject(members) ... EndObject(), StartArray(size)
// ... EndArray(), Key(text), String(text), Null(), Bool(flag),
// Uint64(number). Object and array sizes must be exact, because
// MessagePack writes them before the members. Text must be valid UTF-8.
#ifndef GATEWAYDB_SRC_VALUE_SINKS_H_
#define GATEWAYDB_SRC_VALUE_SINKS_H_

#include <msgpack.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace gwdb {

// The formats a response body can be rendered in.
enum class BodyFormat { kJson, kMsgpack };

// Writes compact JSON with RapidJSON's streaming writer. The sizes passed to
// StartObject and StartArray are not needed by JSON and are ignored.
class JsonSink {
 public:
  void StartObject(uint32_t /*members*/) { writer_.StartObject(); }
  void EndObject() { writer_.EndObject(); }
  void StartArray(uint32_t /*size*/) { writer_.StartArray(); }
  void EndArray() { writer_.EndArray(); }
  void Key(absl::string_view key) {
    writer_.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  }
  void String(absl::string_view text) {
    writer_.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  }
  void Null() { writer_.Null(); }
  void Bool(bool flag) { writer_.Bool(flag); }
  void Uint64(uint64_t number) { writer_.Uint64(number); }

  // Returns the document written so far.
  std::string Take() const {
    return std::string(buffer_.GetString(), buffer_.GetSize());
  }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_{buffer_};
};

// Writes MessagePack with msgpack-c's packer: objects become maps, strings
// str, null nil, and numbers the smallest uint format that fits them.
// msgpack-c's packer is header-only, so the library never links libmsgpackc.
class MsgpackSink {
 public:
  MsgpackSink() { msgpack_packer_init(&packer_, &out_, &Append); }
  MsgpackSink(const MsgpackSink&) = delete;
  MsgpackSink& operator=(const MsgpackSink&) = delete;

  void StartObject(uint32_t members) { msgpack_pack_map(&packer_, members); }
  void EndObject() {}
  void StartArray(uint32_t size) { msgpack_pack_array(&packer_, size); }
  void EndArray() {}
  void Key(absl::string_view key) { String(key); }
  void String(absl::string_view text) {
    msgpack_pack_str(&packer_, text.size());
    msgpack_pack_str_body(&packer_, text.data(), text.size());
  }
  void Null() { msgpack_pack_nil(&packer_); }
  void Bool(bool flag) {
    if (flag) {
      msgpack_pack_true(&packer_);
    } else {
      msgpack_pack_false(&packer_);
    }
  }
  void Uint64(uint64_t number) { msgpack_pack_uint64(&packer_, number); }

  // Returns the bytes written so far and leaves the sink empty.
  std::string Take() { return std::move(out_); }

 private:
  // msgpack-c's write callback. Appending can only throw (std::bad_alloc or
  // std::length_error), and that propagates through the inline packer.
  static int Append(void* out, const char* bytes, size_t length) {
    static_cast<std::string*>(out)->append(bytes, length);
    return 0;
  }

  std::string out_;
  msgpack_packer packer_;
};

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_VALUE_SINKS_H_
