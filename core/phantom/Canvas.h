#pragma once
// Internal: rasterises hand-frame shapes onto the detector grid. Every primitive visits only the pixels of
// its own bounding box, with local coordinates advanced incrementally along each row.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "phantom/Shapes.h"

namespace boneage::phantom {

class Canvas {
public:
    /// `originPx`: the image position (pixels, x right, y down) of the hand-frame origin; the hand frame is
    /// rotated by `rotationDeg` counter-clockwise as viewed.
    Canvas(int width, int height, double spacingMm, Vec2 originPx, double rotationDeg);

    int width() const { return m_width; }
    int height() const { return m_height; }
    std::size_t size() const { return std::size_t(m_width) * std::size_t(m_height); }

    /// Hand frame (mm) -> image (pixels, continuous; pixel centres at integer + 0.5).
    Vec2 toImage(Vec2 handMm) const;
    /// Hand-frame direction -> image direction (unit).
    Vec2 toImageDirection(Vec2 handDir) const;

    void draw(const SoftCapsule& s);
    void draw(const SoftSlab& s);
    void draw(const TubeBone& b);
    void draw(const EpiphysisBlob& e);
    void draw(const CarpalBlob& c);
    void draw(const MaskBox& m);

    std::vector<float> soft;         ///< soft-tissue thickness, mm (max-combined)
    std::vector<float> bone;         ///< bone line integral of attenuation (additive)
    std::vector<std::uint8_t> mask;  ///< age-informative pixels

private:
    /// Visits every pixel whose centre may lie in the local rectangle [uMin,uMax] x [vMin,vMax] of the
    /// frame (origin, axis); calls fn(index, u, v) with the pixel centre's local coordinates in mm.
    template <class Fn>
    void scan(Vec2 origin, Vec2 axis, double uMin, double uMax, double vMin, double vMax, Fn&& fn);

    /// Image pixel position (continuous) -> hand frame (mm).
    Vec2 handAt(double px, double py) const;

    int m_width, m_height;
    double m_spacing;
    Vec2 m_originPx;
    double m_cos, m_sin;
};

/// Narrows [tLo, tHi] to the t where lo <= a0 + da * t <= hi.
inline void clipInterval(double a0, double da, double lo, double hi, double& tLo, double& tHi) {
    if (std::fabs(da) < 1e-12) {
        if (a0 < lo || a0 > hi)
            tLo = 1, tHi = 0;
        return;
    }
    double t1 = (lo - a0) / da, t2 = (hi - a0) / da;
    if (t1 > t2)
        std::swap(t1, t2);
    tLo = std::max(tLo, t1);
    tHi = std::min(tHi, t2);
}

template <class Fn>
void Canvas::scan(Vec2 origin, Vec2 axis, double uMin, double uMax, double vMin, double vMax, Fn&& fn) {
    const Vec2 perp = perpendicular(axis);
    // Bounding box of the rectangle's corners in pixels.
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    for (double u : {uMin, uMax})
        for (double v : {vMin, vMax}) {
            const Vec2 p = toImage(origin + perp * u + axis * v);
            x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
        }
    const int i0 = std::max(0, int(std::floor(x0 - 1))), i1 = std::min(m_width - 1, int(std::ceil(x1 + 1)));
    const int j0 = std::max(0, int(std::floor(y0 - 1))), j1 = std::min(m_height - 1, int(std::ceil(y1 + 1)));
    if (i0 > i1 || j0 > j1)
        return;
    // Pixel (i, j) -> hand frame is affine; so is hand -> local (u, v).
    const Vec2 iStep{m_cos * m_spacing, -m_sin * m_spacing};   // hand-frame step for i + 1
    const Vec2 jStep{-m_sin * m_spacing, -m_cos * m_spacing};  // hand-frame step for j + 1
    const double uI = dot(iStep, perp), vI = dot(iStep, axis);
    const double uJ = dot(jStep, perp), vJ = dot(jStep, axis);
    const Vec2 start = handAt(i0 + 0.5, j0 + 0.5) - origin;
    double uRow = dot(start, perp), vRow = dot(start, axis);
    for (int j = j0; j <= j1; ++j, uRow += uJ, vRow += vJ) {
        // The columns where both local coordinates are in range: an interval, solved per row.
        double tLo = 0, tHi = double(i1 - i0);
        clipInterval(uRow, uI, uMin, uMax, tLo, tHi);
        clipInterval(vRow, vI, vMin, vMax, tLo, tHi);
        if (tLo > tHi)
            continue;
        const int iStart = i0 + int(std::ceil(tLo)), iEnd = i0 + int(std::floor(tHi));
        double u = uRow + uI * (iStart - i0), v = vRow + vI * (iStart - i0);
        std::size_t index = std::size_t(j) * std::size_t(m_width) + std::size_t(iStart);
        for (int i = iStart; i <= iEnd; ++i, ++index, u += uI, v += vI)
            fn(index, u, v);
    }
}

}  // namespace boneage::phantom
