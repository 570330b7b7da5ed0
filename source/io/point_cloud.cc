#include <deal.II/numerics/rtree.h>

#include <rejuv/base/input_error.h>
#include <rejuv/io/point_cloud.h>

#include <boost/container/static_vector.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <numeric>
#include <sstream>

#include <zlib.h>

namespace Rejuv
{
  namespace
  {
    // ------------------------------------------------------------- helpers

    std::string
    trim(const std::string &s)
    {
      const auto first = s.find_first_not_of(" \t\r\n");
      if (first == std::string::npos)
        return "";
      const auto last = s.find_last_not_of(" \t\r\n");
      return s.substr(first, last - first + 1);
    }

    std::string
    quoted_list(const std::vector<std::string> &names)
    {
      if (names.empty())
        return "(none)";
      std::string list;
      for (std::size_t i = 0; i < names.size(); ++i)
        list += (i ? ", '" : "'") + names[i] + "'";
      return list;
    }

    std::string
    lower_case(std::string s)
    {
      std::transform(s.begin(), s.end(), s.begin(), [](const unsigned char c) {
        return static_cast<char>(std::tolower(c));
      });
      return s;
    }

    /// The whole of @p x must be a number; non-finite numbers are accepted
    /// here and rejected by the caller with a more specific message.
    bool
    parse_double(const std::string &x, double &value)
    {
      if (x.empty())
        return false;
      char *end = nullptr;
      value     = std::strtod(x.c_str(), &end);
      return end == x.c_str() + x.size();
    }

    std::string
    read_whole_file(const std::string &file, const std::string &what)
    {
      std::ifstream in(file, std::ios::binary);
      if (!in)
        throw InputError("Cannot open the " + what + " '" + file +
                         "': expected a readable file.");
      std::ostringstream buffer;
      buffer << in.rdbuf();
      return buffer.str();
    }

    // ----------------------------------------------------------------- CSV

    std::vector<std::string>
    split_csv_line(const std::string &line)
    {
      std::vector<std::string> fields;
      std::size_t              begin = 0;
      while (true)
        {
          const auto  end   = line.find(',', begin);
          std::string field = trim(line.substr(begin, end - begin));
          // Spreadsheets quote header names; numbers never need it.
          if (field.size() >= 2 && field.front() == '"' && field.back() == '"')
            field = field.substr(1, field.size() - 2);
          fields.push_back(field);
          if (end == std::string::npos)
            break;
          begin = end + 1;
        }
      return fields;
    }

    // ----------------------------------------------------------------- XML
    // A scanner for the subset of XML that VTK writes: elements, attributes,
    // comments, declarations, text content without markup, and the
    // <AppendedData> section, after which the bytes are not XML at all.

    struct XmlElement
    {
      std::string                        name;
      std::map<std::string, std::string> attributes;
      int                                parent;
      /// The text directly inside the element, as [begin, end) ranges.
      std::vector<std::pair<std::size_t, std::size_t>> text_runs;

      std::string
      attribute(const std::string &key, const std::string &fallback = "") const
      {
        const auto it = attributes.find(key);
        return it == attributes.end() ? fallback : it->second;
      }

      /// The text runs joined by blanks: child elements (VTK writes
      /// <InformationKey> into a DataArray) are not part of the data.
      std::string
      content(const std::string &text) const
      {
        std::string result;
        for (const auto &run : text_runs)
          result.append(text, run.first, run.second - run.first) += ' ';
        return result;
      }
    };

    struct XmlDocument
    {
      std::vector<XmlElement> elements;
      /// First byte after the '_' that opens the appended data.
      std::size_t appended_begin = std::string::npos;
      std::string appended_encoding;

      std::vector<int>
      children(const int parent, const std::string &name) const
      {
        std::vector<int> result;
        for (std::size_t i = 0; i < elements.size(); ++i)
          if (elements[i].parent == parent && elements[i].name == name)
            result.push_back(static_cast<int>(i));
        return result;
      }
    };

    std::string
    decode_entities(const std::string &s)
    {
      static const std::pair<const char *, char> entities[] = {{"&amp;", '&'},
                                                               {"&lt;", '<'},
                                                               {"&gt;", '>'},
                                                               {"&quot;", '"'},
                                                               {"&apos;",
                                                                '\''}};
      std::string                                result;
      for (std::size_t i = 0; i < s.size(); ++i)
        {
          bool replaced = false;
          if (s[i] == '&')
            for (const auto &e : entities)
              if (s.compare(i, std::strlen(e.first), e.first) == 0)
                {
                  result += e.second;
                  i += std::strlen(e.first) - 1;
                  replaced = true;
                  break;
                }
          if (!replaced)
            result += s[i];
        }
      return result;
    }

    XmlDocument
    parse_vtk_xml(const std::string &text, const std::string &file)
    {
      const auto malformed = [&file](const std::string &what) {
        return InputError("The VTK file '" + file +
                          "' is not well-formed: " + what + ".");
      };
      const auto is_name_char = [](const char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
               c == ':' || c == '-' || c == '.';
      };
      const auto skip_space = [&text](std::size_t &pos) {
        while (pos < text.size() &&
               std::isspace(static_cast<unsigned char>(text[pos])))
          ++pos;
      };

      XmlDocument      doc;
      std::vector<int> open;
      std::size_t      pos      = 0;
      const auto       add_text = [&text, &doc, &open](const std::size_t from) {
        const std::size_t to = std::min(text.find('<', from), text.size());
        if (!open.empty() && to > from)
          doc.elements[open.back()].text_runs.emplace_back(from, to);
      };
      while ((pos = text.find('<', pos)) != std::string::npos)
        {
          if (text.compare(pos, 4, "<!--") == 0)
            {
              pos = text.find("-->", pos);
              if (pos == std::string::npos)
                throw malformed("unterminated comment");
              pos += 3;
              add_text(pos);
              continue;
            }
          if (pos + 1 < text.size() &&
              (text[pos + 1] == '?' || text[pos + 1] == '!'))
            {
              pos = text.find('>', pos);
              if (pos == std::string::npos)
                throw malformed("unterminated declaration");
              ++pos;
              add_text(pos);
              continue;
            }
          if (pos + 1 < text.size() && text[pos + 1] == '/')
            {
              if (!open.empty())
                open.pop_back();
              pos = text.find('>', pos);
              if (pos == std::string::npos)
                throw malformed("unterminated end tag");
              ++pos;
              add_text(pos);
              continue;
            }

          XmlElement element;
          ++pos;
          while (pos < text.size() && is_name_char(text[pos]))
            element.name += text[pos++];
          if (element.name.empty())
            throw malformed("a '<' not followed by an element name");
          element.parent = open.empty() ? -1 : open.back();

          bool self_closing = false;
          while (true)
            {
              skip_space(pos);
              if (pos >= text.size())
                throw malformed("unterminated <" + element.name + "> tag");
              if (text[pos] == '>')
                {
                  ++pos;
                  break;
                }
              if (text.compare(pos, 2, "/>") == 0)
                {
                  pos += 2;
                  self_closing = true;
                  break;
                }
              std::string key;
              while (pos < text.size() && is_name_char(text[pos]))
                key += text[pos++];
              skip_space(pos);
              if (key.empty() || pos >= text.size() || text[pos] != '=')
                throw malformed("a bad attribute in the <" + element.name +
                                "> tag");
              ++pos;
              skip_space(pos);
              if (pos >= text.size() || (text[pos] != '"' && text[pos] != '\''))
                throw malformed("an unquoted attribute value in the <" +
                                element.name + "> tag");
              const char quote = text[pos++];
              const auto end   = text.find(quote, pos);
              if (end == std::string::npos)
                throw malformed("an unterminated attribute value in the <" +
                                element.name + "> tag");
              element.attributes[key] =
                decode_entities(text.substr(pos, end - pos));
              pos = end + 1;
            }

          doc.elements.push_back(element);
          if (!self_closing)
            open.push_back(static_cast<int>(doc.elements.size()) - 1);

          if (element.name == "AppendedData")
            {
              // The binary data begin after a '_' and may contain '<'.
              const auto underscore = text.find('_', pos);
              if (underscore == std::string::npos)
                throw malformed("no '_' opening the <AppendedData> section");
              doc.appended_begin    = underscore + 1;
              doc.appended_encoding = element.attribute("encoding", "raw");
              break;
            }
          add_text(pos);
        }
      return doc;
    }

    // ----------------------------------------------------- VTK binary data

    struct VtkEncoding
    {
      bool        big_endian   = false;
      std::size_t header_bytes = 4;
      bool        zlib         = false;
    };

    /// Bytes of a binary DataArray, raw or base64. Base64 is decoded in
    /// groups of four characters so that the separately padded header and
    /// data blocks VTK writes for compressed arrays decode correctly.
    class ByteSource
    {
    public:
      ByteSource(const std::string &text,
                 const std::size_t  begin,
                 const bool         base64,
                 const std::string &file)
        : text(text)
        , position(begin)
        , base64(base64)
        , file(file)
      {}

      std::string
      take(const std::size_t n_bytes)
      {
        if (!base64)
          {
            if (position > text.size() || text.size() - position < n_bytes)
              throw truncated();
            std::string bytes = text.substr(position, n_bytes);
            position += n_bytes;
            return bytes;
          }
        while (buffer.size() < n_bytes)
          decode_group();
        std::string bytes = buffer.substr(0, n_bytes);
        buffer.erase(0, n_bytes);
        return bytes;
      }

      /// An upper bound on the number of bytes left.
      std::size_t
      remaining() const
      {
        const std::size_t left =
          position < text.size() ? text.size() - position : 0;
        return base64 ? buffer.size() + left / 4 * 3 : left;
      }

    private:
      InputError
      truncated() const
      {
        return InputError("The VTK file '" + file +
                          "' ends inside a binary data array: expected more "
                          "data than the file holds.");
      }

      static int
      sextet(const char c)
      {
        if (c >= 'A' && c <= 'Z')
          return c - 'A';
        if (c >= 'a' && c <= 'z')
          return c - 'a' + 26;
        if (c >= '0' && c <= '9')
          return c - '0' + 52;
        if (c == '+')
          return 62;
        if (c == '/')
          return 63;
        return -1;
      }

      void
      decode_group()
      {
        char group[4];
        for (char &c : group)
          {
            while (position < text.size() &&
                   std::isspace(static_cast<unsigned char>(text[position])))
              ++position;
            if (position >= text.size())
              throw truncated();
            c = text[position++];
            if (c != '=' && sextet(c) < 0)
              throw truncated();
          }
        const int           n_padding = (group[3] == '=') + (group[2] == '=');
        const std::uint32_t bits =
          (std::uint32_t(sextet(group[0])) << 18) |
          (std::uint32_t(sextet(group[1])) << 12) |
          (std::uint32_t(std::max(sextet(group[2]), 0)) << 6) |
          std::uint32_t(std::max(sextet(group[3]), 0));
        buffer += static_cast<char>((bits >> 16) & 0xff);
        if (n_padding < 2)
          buffer += static_cast<char>((bits >> 8) & 0xff);
        if (n_padding < 1)
          buffer += static_cast<char>(bits & 0xff);
      }

      const std::string &text;
      std::size_t        position;
      const bool         base64;
      const std::string &file;
      std::string        buffer;
    };

    std::uint64_t
    unsigned_from_bytes(const char       *bytes,
                        const std::size_t n_bytes,
                        const bool        big_endian)
    {
      std::uint64_t value = 0;
      for (std::size_t i = 0; i < n_bytes; ++i)
        {
          const std::size_t k = big_endian ? i : n_bytes - 1 - i;
          value = (value << 8) | static_cast<unsigned char>(bytes[k]);
        }
      return value;
    }

    std::uint64_t
    read_header_word(ByteSource &source, const VtkEncoding &encoding)
    {
      const std::string bytes = source.take(encoding.header_bytes);
      return unsigned_from_bytes(bytes.data(),
                                 encoding.header_bytes,
                                 encoding.big_endian);
    }

    /// The payload of one binary DataArray: a size header and the data, or,
    /// compressed, a block table and the zlib blocks (VTK's layout).
    std::string
    read_binary_payload(ByteSource        &source,
                        const VtkEncoding &encoding,
                        const std::string &file)
    {
      // Sizes in a corrupt file must not make us allocate without bound.
      const std::uint64_t limit   = std::uint64_t(1) << 40;
      const auto          corrupt = [&file](const std::string &what) {
        return InputError("The VTK file '" + file + "' has a corrupt " +
                          "binary data array: " + what + ".");
      };

      if (!encoding.zlib)
        {
          const std::uint64_t n_bytes = read_header_word(source, encoding);
          if (n_bytes > limit)
            throw corrupt("a size header of " + std::to_string(n_bytes) +
                          " bytes");
          return source.take(n_bytes);
        }

      const std::uint64_t n_blocks   = read_header_word(source, encoding);
      const std::uint64_t block_size = read_header_word(source, encoding);
      const std::uint64_t last_size  = read_header_word(source, encoding);
      if (n_blocks > limit / std::max<std::uint64_t>(block_size, 1) ||
          last_size > block_size)
        throw corrupt("an implausible compression header");
      if (n_blocks > source.remaining() / encoding.header_bytes)
        throw corrupt("a block count of " + std::to_string(n_blocks) +
                      ", more than the file can hold");
      std::vector<std::uint64_t> compressed_sizes(n_blocks);
      for (auto &size : compressed_sizes)
        size = read_header_word(source, encoding);

      std::string result;
      for (std::uint64_t b = 0; b < n_blocks; ++b)
        {
          const std::string   compressed = source.take(compressed_sizes[b]);
          const std::uint64_t expected =
            (b + 1 == n_blocks && last_size != 0) ? last_size : block_size;
          // zlib cannot compress by more than a factor 1032.
          if (expected > 1032 * compressed.size() + 64)
            throw corrupt("block " + std::to_string(b) + " claims to inflate " +
                          std::to_string(compressed.size()) + " bytes to " +
                          std::to_string(expected));
          const std::size_t offset = result.size();
          result.resize(offset + expected);
          uLongf    n_out = static_cast<uLongf>(expected);
          const int status =
            uncompress(reinterpret_cast<Bytef *>(&result[offset]),
                       &n_out,
                       reinterpret_cast<const Bytef *>(compressed.data()),
                       static_cast<uLong>(compressed.size()));
          if (status != Z_OK || n_out != expected)
            throw corrupt("zlib could not inflate block " + std::to_string(b) +
                          " (zlib status " + std::to_string(status) + ")");
        }
      return result;
    }

    enum class ScalarKind
    {
      signed_integer,
      unsigned_integer,
      floating
    };

    std::pair<ScalarKind, std::size_t>
    scalar_type(const std::string &type,
                const std::string &array,
                const std::string &file)
    {
      static const std::map<std::string, std::pair<ScalarKind, std::size_t>>
                 types = {{"Float32", {ScalarKind::floating, 4}},
                          {"Float64", {ScalarKind::floating, 8}},
                          {"Int8", {ScalarKind::signed_integer, 1}},
                          {"Int16", {ScalarKind::signed_integer, 2}},
                          {"Int32", {ScalarKind::signed_integer, 4}},
                          {"Int64", {ScalarKind::signed_integer, 8}},
                          {"UInt8", {ScalarKind::unsigned_integer, 1}},
                          {"UInt16", {ScalarKind::unsigned_integer, 2}},
                          {"UInt32", {ScalarKind::unsigned_integer, 4}},
                          {"UInt64", {ScalarKind::unsigned_integer, 8}}};
      const auto it    = types.find(type);
      if (it == types.end())
        throw InputError("The data array '" + array + "' in the VTK file '" +
                         file + "' has type '" + type +
                         "': expected Float32, Float64 or an integer type.");
      return it->second;
    }

    double
    scalar_from_bytes(const char       *bytes,
                      const ScalarKind  kind,
                      const std::size_t size,
                      const bool        big_endian)
    {
      const std::uint64_t bits = unsigned_from_bytes(bytes, size, big_endian);
      switch (kind)
        {
          case ScalarKind::unsigned_integer:
            return static_cast<double>(bits);
          case ScalarKind::signed_integer:
            {
              // Sign-extend from size bytes.
              const unsigned int shift = 64 - 8 * static_cast<unsigned>(size);
              const auto         value =
                static_cast<std::int64_t>(bits << shift) >> shift;
              return static_cast<double>(value);
            }
          case ScalarKind::floating:
            if (size == 4)
              {
                const auto narrow = static_cast<std::uint32_t>(bits);
                float      f;
                std::memcpy(&f, &narrow, 4);
                return f;
              }
            else
              {
                double d;
                std::memcpy(&d, &bits, 8);
                return d;
              }
        }
      return std::numeric_limits<double>::quiet_NaN();
    }

    std::vector<double>
    read_data_array(const std::string &text,
                    const XmlDocument &doc,
                    const XmlElement  &element,
                    const VtkEncoding &encoding,
                    const std::string &file)
    {
      const std::string name = element.attribute("Name", "(unnamed)");
      const auto type = scalar_type(element.attribute("type"), name, file);
      const std::string format = element.attribute("format", "ascii");

      std::vector<double> values;
      if (format == "ascii")
        {
          const std::string content = element.content(text);
          const char       *p       = content.c_str();
          const char       *end     = p + content.size();
          while (true)
            {
              while (p < end && std::isspace(static_cast<unsigned char>(*p)))
                ++p;
              if (p >= end)
                break;
              char        *next = nullptr;
              const double x    = std::strtod(p, &next);
              if (next == p || next > end)
                throw InputError(
                  "The ascii data array '" + name + "' in the VTK file '" +
                  file + "' holds '" +
                  std::string(p, std::min<std::size_t>(end - p, 20)) +
                  "': expected numbers.");
              values.push_back(x);
              p = next;
            }
          return values;
        }

      std::string payload;
      if (format == "binary")
        {
          const std::string content = element.content(text);
          ByteSource        source(content, 0, true, file);
          payload = read_binary_payload(source, encoding, file);
        }
      else if (format == "appended")
        {
          if (doc.appended_begin == std::string::npos)
            throw InputError("The data array '" + name + "' in the VTK file '" +
                             file +
                             "' is in appended format: expected an "
                             "<AppendedData> section, found none.");
          if (doc.appended_encoding != "raw" &&
              doc.appended_encoding != "base64")
            throw InputError("The <AppendedData> section of the VTK file '" +
                             file + "' has encoding '" + doc.appended_encoding +
                             "': expected 'raw' or 'base64'.");
          double offset = 0;
          if (!parse_double(element.attribute("offset"), offset) || offset < 0)
            throw InputError("The data array '" + name + "' in the VTK file '" +
                             file + "' has offset '" +
                             element.attribute("offset") +
                             "': expected a non-negative integer.");
          ByteSource source(text,
                            doc.appended_begin +
                              static_cast<std::size_t>(offset),
                            doc.appended_encoding == "base64",
                            file);
          payload = read_binary_payload(source, encoding, file);
        }
      else
        throw InputError("The data array '" + name + "' in the VTK file '" +
                         file + "' has format '" + format +
                         "': expected 'ascii', 'binary' or 'appended'.");

      const std::size_t size = type.second;
      if (payload.size() % size != 0)
        throw InputError("The data array '" + name + "' in the VTK file '" +
                         file + "' holds " + std::to_string(payload.size()) +
                         " bytes: expected a multiple of " +
                         std::to_string(size) + ".");
      values.resize(payload.size() / size);
      for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = scalar_from_bytes(payload.data() + i * size,
                                      type.first,
                                      size,
                                      encoding.big_endian);
      return values;
    }

    std::size_t
    unsigned_attribute(const XmlElement  &element,
                       const std::string &key,
                       const std::string &fallback,
                       const std::string &file)
    {
      const std::string text = element.attribute(key, fallback);
      double            value;
      if (!parse_double(text, value) || value < 0 || value != std::floor(value))
        throw InputError("The <" + element.name +
                         "> element in the VTK file '" + file + "' has " + key +
                         "=\"" + text + "\": expected a non-negative integer.");
      return static_cast<std::size_t>(value);
    }

    // ----------------------------------------------------------------- VTU

    void
    append_vtu(const std::string &file,
               const std::string &array,
               const bool         allow_parallel,
               PointCloud        &cloud);

    void
    append_pvtu(const std::string &file,
                const std::string &array,
                const XmlDocument &doc,
                PointCloud        &cloud)
    {
      const auto grids = doc.children(0, "PUnstructuredGrid");
      if (grids.empty())
        throw InputError("The VTK file '" + file +
                         "' has no <PUnstructuredGrid> element: expected one "
                         "in a .pvtu file.");

      // The record declares the arrays of all pieces; checking it first
      // gives the message before any piece is read.
      const auto declared = doc.children(grids[0], "PPointData");
      if (!declared.empty())
        {
          std::vector<std::string> names;
          for (const int a : doc.children(declared[0], "PDataArray"))
            names.push_back(doc.elements[a].attribute("Name"));
          if (std::find(names.begin(), names.end(), array) == names.end())
            throw InputError("The VTK file '" + file +
                             "' has no point-data array '" + array +
                             "': found " + quoted_list(names) + ".");
        }

      const auto pieces = doc.children(grids[0], "Piece");
      if (pieces.empty())
        throw InputError("The VTK file '" + file +
                         "' references no pieces: expected <Piece "
                         "Source=\"...\"> elements.");
      const auto        slash = file.find_last_of('/');
      const std::string directory =
        slash == std::string::npos ? "" : file.substr(0, slash + 1);
      for (const int p : pieces)
        {
          const std::string source = doc.elements[p].attribute("Source");
          if (source.empty())
            throw InputError("A <Piece> in the VTK file '" + file +
                             "' has no Source attribute: expected the name "
                             "of a .vtu file.");
          append_vtu(source.front() == '/' ? source : directory + source,
                     array,
                     false,
                     cloud);
        }
    }

    void
    append_vtu(const std::string &file,
               const std::string &array,
               const bool         allow_parallel,
               PointCloud        &cloud)
    {
      const std::string text = read_whole_file(file, "VTK file");
      const XmlDocument doc  = parse_vtk_xml(text, file);
      if (doc.elements.empty() || doc.elements[0].name != "VTKFile")
        throw InputError("The file '" + file +
                         "' is not a VTK XML file: expected a <VTKFile> "
                         "element.");
      const XmlElement &root = doc.elements[0];
      const std::string type = root.attribute("type");
      if (type == "PUnstructuredGrid" && allow_parallel)
        return append_pvtu(file, array, doc, cloud);
      if (type != "UnstructuredGrid")
        throw InputError(
          "The VTK file '" + file + "' holds a '" + type +
          "': expected an 'UnstructuredGrid' (.vtu)" +
          (allow_parallel ? " or a 'PUnstructuredGrid' (.pvtu)" : "") + ".");

      VtkEncoding encoding;
      encoding.big_endian =
        root.attribute("byte_order", "LittleEndian") == "BigEndian";
      const std::string header_type = root.attribute("header_type", "UInt32");
      if (header_type != "UInt32" && header_type != "UInt64")
        throw InputError("The VTK file '" + file + "' has header_type '" +
                         header_type + "': expected 'UInt32' or 'UInt64'.");
      encoding.header_bytes        = header_type == "UInt64" ? 8 : 4;
      const std::string compressor = root.attribute("compressor");
      if (!compressor.empty() && compressor != "vtkZLibDataCompressor")
        throw InputError("The VTK file '" + file + "' uses the compressor '" +
                         compressor +
                         "': expected 'vtkZLibDataCompressor' or none.");
      encoding.zlib = !compressor.empty();

      const auto grids = doc.children(0, "UnstructuredGrid");
      const auto pieces =
        grids.empty() ? std::vector<int>() : doc.children(grids[0], "Piece");
      if (pieces.empty())
        throw InputError("The VTK file '" + file +
                         "' has no <Piece> in its <UnstructuredGrid>: "
                         "expected at least one.");

      for (const int piece : pieces)
        {
          const std::size_t n_points =
            unsigned_attribute(doc.elements[piece], "NumberOfPoints", "", file);

          const auto point_sets  = doc.children(piece, "Points");
          const auto coordinates = point_sets.empty() ?
                                     std::vector<int>() :
                                     doc.children(point_sets[0], "DataArray");
          if (coordinates.empty())
            throw InputError("A <Piece> of the VTK file '" + file +
                             "' has no <Points> data array: expected the "
                             "point coordinates.");
          const XmlElement &coordinate_array = doc.elements[coordinates[0]];
          const std::size_t n_coordinates =
            unsigned_attribute(coordinate_array,
                               "NumberOfComponents",
                               "1",
                               file);
          if (n_coordinates != 3)
            throw InputError("The <Points> of the VTK file '" + file +
                             "' have " + std::to_string(n_coordinates) +
                             " components: expected 3.");

          const auto point_data = doc.children(piece, "PointData");
          const auto arrays     = point_data.empty() ?
                                    std::vector<int>() :
                                    doc.children(point_data[0], "DataArray");
          std::vector<std::string> names;
          int                      found = -1;
          for (const int a : arrays)
            {
              names.push_back(doc.elements[a].attribute("Name"));
              if (names.back() == array && found < 0)
                found = a;
            }
          if (found < 0)
            throw InputError("The VTK file '" + file +
                             "' has no point-data array '" + array +
                             "': found " + quoted_list(names) + ".");
          const XmlElement &value_array = doc.elements[found];
          const std::size_t n_components =
            unsigned_attribute(value_array, "NumberOfComponents", "1", file);
          if (n_components != 1)
            throw InputError("The point-data array '" + array +
                             "' in the VTK file '" + file + "' has " +
                             std::to_string(n_components) +
                             " components: expected a scalar (1).");

          const std::vector<double> xyz =
            read_data_array(text, doc, coordinate_array, encoding, file);
          if (xyz.size() != 3 * n_points)
            throw InputError("The <Points> of the VTK file '" + file +
                             "' hold " + std::to_string(xyz.size()) +
                             " coordinates: expected 3 x NumberOfPoints = " +
                             std::to_string(3 * n_points) + ".");
          const std::vector<double> values =
            read_data_array(text, doc, value_array, encoding, file);
          if (values.size() != n_points)
            throw InputError("The point-data array '" + array +
                             "' in the VTK file '" + file + "' holds " +
                             std::to_string(values.size()) +
                             " values: expected one per point (" +
                             std::to_string(n_points) + ").");

          for (std::size_t i = 0; i < n_points; ++i)
            {
              const std::array<double, 3> x = {
                {xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]}};
              if (!std::isfinite(x[0]) || !std::isfinite(x[1]) ||
                  !std::isfinite(x[2]) || !std::isfinite(values[i]))
                throw InputError("Point " + std::to_string(i) +
                                 " of the VTK file '" + file +
                                 "' has a non-finite coordinate or value of '" +
                                 array + "': expected finite numbers.");
              cloud.points.push_back(x);
              cloud.values.push_back(values[i]);
            }
        }
    }
  } // namespace



  PointCloud
  read_point_cloud_csv(const std::string &file,
                       const std::string &column,
                       const unsigned int dim)
  {
    if (dim != 2 && dim != 3)
      throw InputError("Cannot read the point cloud '" + file +
                       "' for dimension " + std::to_string(dim) +
                       ": expected 2 or 3.");
    std::ifstream in(file);
    if (!in)
      throw InputError("Cannot open the point-cloud file '" + file +
                       "': expected a readable CSV file.");

    const auto where = [&file](const std::size_t line) {
      return "Point-cloud file '" + file + "', line " + std::to_string(line) +
             ": ";
    };

    PointCloud cloud;
    cloud.source = file;

    std::vector<std::string> header;
    std::size_t              header_line = 0;
    std::vector<std::size_t> wanted; // x, y, [z,] value
    std::vector<std::string> wanted_names = {"x", "y"};
    if (dim == 3)
      wanted_names.emplace_back("z");
    wanted_names.push_back(column);

    std::string line;
    std::size_t line_number = 0;
    while (std::getline(in, line))
      {
        ++line_number;
        const std::string stripped = trim(line);
        if (stripped.empty() || stripped.front() == '#')
          continue;
        const std::vector<std::string> fields = split_csv_line(stripped);

        if (header.empty())
          {
            header      = fields;
            header_line = line_number;
            for (const auto &name : wanted_names)
              {
                const auto it = std::find(header.begin(), header.end(), name);
                if (it == header.end())
                  throw InputError(where(line_number) + "found the columns " +
                                   quoted_list(header) +
                                   "; expected a column named '" + name + "'.");
                wanted.push_back(it - header.begin());
              }
            continue;
          }

        if (fields.size() != header.size())
          throw InputError(
            where(line_number) + "found " + std::to_string(fields.size()) +
            " fields; expected " + std::to_string(header.size()) +
            ", as in the header on line " + std::to_string(header_line) + ".");

        double parsed[4];
        for (std::size_t c = 0; c < wanted.size(); ++c)
          {
            const std::string &field = fields[wanted[c]];
            if (!parse_double(field, parsed[c]))
              throw InputError(where(line_number) + "found '" + field +
                               "' in column '" + wanted_names[c] +
                               "'; expected a number.");
            if (!std::isfinite(parsed[c]))
              throw InputError(where(line_number) + "found '" + field +
                               "' in column '" + wanted_names[c] +
                               "'; expected a finite number.");
          }
        cloud.points.push_back(
          {{parsed[0], parsed[1], dim == 3 ? parsed[2] : 0.0}});
        cloud.values.push_back(parsed[wanted.size() - 1]);
      }

    if (header.empty())
      throw InputError(where(std::max<std::size_t>(line_number, 1)) +
                       "found no header line; expected a header naming the "
                       "columns, then data rows.");
    if (cloud.values.empty())
      throw InputError(
        where(line_number) + "found no data rows after the header on line " +
        std::to_string(header_line) + "; expected at least one.");
    return cloud;
  }



  PointCloud
  read_point_cloud_vtu(const std::string &file, const std::string &array)
  {
    PointCloud cloud;
    cloud.source = file;
    append_vtu(file, array, true, cloud);
    if (cloud.values.empty())
      throw InputError("The VTK file '" + file +
                       "' holds no points: expected at least one.");
    return cloud;
  }



  PointCloud
  read_point_cloud(const std::string &file,
                   const std::string &name,
                   const unsigned int dim)
  {
    const auto        dot = file.find_last_of('.');
    const std::string extension =
      (dot == std::string::npos || file.find('/', dot) != std::string::npos) ?
        "" :
        lower_case(file.substr(dot));
    if (extension == ".csv")
      return read_point_cloud_csv(file, name, dim);
    if (extension == ".vtu" || extension == ".pvtu")
      return read_point_cloud_vtu(file, name);
    throw InputError("Cannot read the point cloud '" + file +
                     "': found the extension '" + extension +
                     "', expected '.csv', '.vtu' or '.pvtu'.");
  }



  // ---------------------------------------------------------- interpolant

  template <int dim>
  struct PointCloudInterpolant<dim>::Impl
  {
    using Leaf = std::pair<dealii::Point<dim>, unsigned int>;

    dealii::RTree<Leaf>                               tree;
    std::vector<double>                               values;
    std::pair<dealii::Point<dim>, dealii::Point<dim>> box;
    double                                            exact_hit_distance;
    unsigned int                                      k;
    std::string                                       source;
  };



  template <int dim>
  PointCloudInterpolant<dim>::PointCloudInterpolant(const PointCloud &cloud)
    : impl(std::make_unique<Impl>())
  {
    impl->source = cloud.source;
    if (cloud.points.size() != cloud.values.size())
      throw InputError("The point cloud '" + cloud.source + "' has " +
                       std::to_string(cloud.points.size()) + " points and " +
                       std::to_string(cloud.values.size()) +
                       " values: expected one value per point.");
    if (cloud.points.empty())
      throw InputError("The point cloud '" + cloud.source +
                       "' is empty: expected at least one point.");

    if (dim == 2)
      {
        const auto z = std::minmax_element(cloud.points.begin(),
                                           cloud.points.end(),
                                           [](const auto &a, const auto &b) {
                                             return a[2] < b[2];
                                           });
        if ((*z.first)[2] != (*z.second)[2])
          throw InputError("The point cloud '" + cloud.source +
                           "' spans z from " + std::to_string((*z.first)[2]) +
                           " to " + std::to_string((*z.second)[2]) +
                           ": expected planar data for a 2D run.");
      }

    // Merge points with identical coordinates (DataOut writes a vertex once
    // per adjacent cell); otherwise the k nearest could all be copies of one
    // point and the interpolant would degenerate to nearest-neighbour.
    std::vector<unsigned int> order(cloud.points.size());
    std::iota(order.begin(), order.end(), 0u);
    const auto less = [&cloud](const unsigned int a, const unsigned int b) {
      return std::lexicographical_compare(cloud.points[a].begin(),
                                          cloud.points[a].begin() + dim,
                                          cloud.points[b].begin(),
                                          cloud.points[b].begin() + dim);
    };
    std::sort(order.begin(), order.end(), less);

    std::vector<typename Impl::Leaf> leaves;
    for (std::size_t i = 0; i < order.size();)
      {
        std::size_t j   = i;
        double      sum = 0;
        while (j < order.size() && !less(order[i], order[j]))
          sum += cloud.values[order[j++]];
        dealii::Point<dim> p;
        for (unsigned int d = 0; d < dim; ++d)
          p[d] = cloud.points[order[i]][d];
        leaves.emplace_back(p, static_cast<unsigned int>(impl->values.size()));
        impl->values.push_back(sum / static_cast<double>(j - i));
        i = j;
      }

    impl->box = {leaves[0].first, leaves[0].first};
    for (const auto &leaf : leaves)
      for (unsigned int d = 0; d < dim; ++d)
        {
          impl->box.first[d]  = std::min(impl->box.first[d], leaf.first[d]);
          impl->box.second[d] = std::max(impl->box.second[d], leaf.first[d]);
        }
    impl->exact_hit_distance =
      1e-12 * impl->box.first.distance(impl->box.second);
    impl->k = static_cast<unsigned int>(
      std::min<std::size_t>(n_neighbors, leaves.size()));
    impl->tree = dealii::pack_rtree(leaves);
  }



  template <int dim>
  PointCloudInterpolant<dim>::~PointCloudInterpolant() = default;



  template <int dim>
  double
  PointCloudInterpolant<dim>::value(const dealii::Point<dim> &p) const
  {
    boost::container::static_vector<typename Impl::Leaf, n_neighbors> nearest;
    impl->tree.query(boost::geometry::index::nearest(p, impl->k),
                     std::back_inserter(nearest));

    std::array<double, n_neighbors> distances{};
    std::size_t                     closest = 0;
    for (std::size_t i = 0; i < nearest.size(); ++i)
      {
        distances[i] = p.distance(nearest[i].first);
        if (distances[i] < distances[closest])
          closest = i;
      }
    if (distances[closest] <= impl->exact_hit_distance)
      return impl->values[nearest[closest].second];

    // Shepard's method: sum w_i f_i / sum w_i, w_i = 1 / |p - x_i|^2.
    double numerator = 0, denominator = 0;
    for (std::size_t i = 0; i < nearest.size(); ++i)
      {
        const double weight = 1. / (distances[i] * distances[i]);
        numerator += weight * impl->values[nearest[i].second];
        denominator += weight;
      }
    return numerator / denominator;
  }



  template <int dim>
  double
  PointCloudInterpolant<dim>::distance_to_nearest(
    const dealii::Point<dim> &p) const
  {
    boost::container::static_vector<typename Impl::Leaf, 1> nearest;
    impl->tree.query(boost::geometry::index::nearest(p, 1),
                     std::back_inserter(nearest));
    return p.distance(nearest[0].first);
  }



  template <int dim>
  const std::pair<dealii::Point<dim>, dealii::Point<dim>> &
  PointCloudInterpolant<dim>::bounding_box() const
  {
    return impl->box;
  }



  template <int dim>
  std::size_t
  PointCloudInterpolant<dim>::n_points() const
  {
    return impl->values.size();
  }



  template <int dim>
  const std::string &
  PointCloudInterpolant<dim>::source() const
  {
    return impl->source;
  }



  template class PointCloudInterpolant<2>;
  template class PointCloudInterpolant<3>;
} // namespace Rejuv
