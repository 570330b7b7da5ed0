#ifndef REJUV_IO_POINT_CLOUD_H
#define REJUV_IO_POINT_CLOUD_H

#include <deal.II/base/point.h>

#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace Rejuv
{
  /**
   * Scattered scalar data: one value per point. Points always carry three
   * coordinates; z = 0 for two-dimensional data.
   */
  struct PointCloud
  {
    std::vector<std::array<double, 3>> points;
    std::vector<double>                values;
    /// The file the data came from, for messages.
    std::string source;
  };

  /**
   * Read a CSV point cloud. The first line that is neither blank nor a
   * comment ('#') is a header naming the comma-separated columns; the
   * coordinates are the columns "x", "y" (and "z" if @p dim is 3), the value
   * is the column named @p column. Other columns are ignored.
   *
   * Throws InputError, naming the file, the line, what was found and what
   * was expected, if the file cannot be read, a column is missing, a row has
   * the wrong number of fields, a needed field is not a finite number, or
   * there are no data rows.
   */
  PointCloud
  read_point_cloud_csv(const std::string &file,
                       const std::string &column,
                       const unsigned int dim);

  /**
   * Read the points and the one-component PointData array @p array of a VTK
   * XML unstructured grid: a .vtu file, or a .pvtu file together with all the
   * pieces it references (relative to the folder of the .pvtu). The ascii,
   * binary (inline base64) and appended (raw or base64) formats are read,
   * with UInt32 or UInt64 headers, optionally zlib-compressed, in either byte
   * order, for float and integer data types.
   *
   * Points shared by several cells and written once per cell, as deal.II's
   * DataOut does, are returned as often as they occur in the file.
   *
   * Throws InputError if the file cannot be read or is not an unstructured
   * grid, if the array is missing (the message lists the arrays found), has
   * more than one component, or its length differs from the number of
   * points.
   */
  PointCloud
  read_point_cloud_vtu(const std::string &file, const std::string &array);

  /**
   * Read a point cloud, choosing the reader by the extension of @p file:
   * ".csv" (value column @p name), ".vtu" or ".pvtu" (PointData array
   * @p name). Throws InputError for any other extension.
   */
  PointCloud
  read_point_cloud(const std::string &file,
                   const std::string &name,
                   const unsigned int dim);

  /**
   * Shepard interpolation (inverse-distance weighting, power 2) of a point
   * cloud over its k = 8 nearest distinct points (fewer if the cloud has
   * fewer). A query within 1e-12 of the bounding-box diagonal of a data point
   * returns that point's value exactly, so that a field written at the
   * vertices of a mesh reads back exactly there.
   *
   * Points with identical coordinates are merged into one carrying the mean
   * of their values (the same value for a continuous field written by
   * DataOut). For dim = 2 the z coordinate of the cloud is dropped; the
   * constructor throws InputError if it varies, or if the cloud is empty.
   *
   * Queries are const and may run concurrently.
   */
  template <int dim>
  class PointCloudInterpolant
  {
  public:
    static constexpr unsigned int n_neighbors = 8;

    explicit PointCloudInterpolant(const PointCloud &cloud);
    ~PointCloudInterpolant();

    PointCloudInterpolant(const PointCloudInterpolant &) = delete;
    PointCloudInterpolant &
    operator=(const PointCloudInterpolant &) = delete;

    double
    value(const dealii::Point<dim> &p) const;

    /// Euclidean distance from @p p to the closest data point.
    double
    distance_to_nearest(const dealii::Point<dim> &p) const;

    /// Lower and upper corners of the axis-aligned box around the data.
    const std::pair<dealii::Point<dim>, dealii::Point<dim>> &
    bounding_box() const;

    /// Number of distinct data points (after merging duplicates).
    std::size_t
    n_points() const;

    /// The file the cloud came from.
    const std::string &
    source() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl;
  };
} // namespace Rejuv

#endif
